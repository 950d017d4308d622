/** The browser bench's cases: those of the Node bench's table (../modelBench), the same graphs. */
import type { GraphDocument } from '../../src/core/graph/types';
import { convDoc, depthwiseDoc, lenetReluDoc, presetDoc } from '../benchCases';

export interface BrowserCase { name: string; doc: () => GraphDocument; batch: number; rounds: number; quickRounds: number; warmup: number }

export const BROWSER_CASES: BrowserCase[] = [
  { name: 'LeNet-5 relu/max, batch 1', doc: lenetReluDoc, batch: 1, rounds: 60, quickRounds: 15, warmup: 10 },
  { name: 'LeNet-5 relu/max, batch 64', doc: lenetReluDoc, batch: 64, rounds: 30, quickRounds: 8, warmup: 4 },
  { name: 'LeNet-5 1998 tanh/avg, batch 1', doc: () => presetDoc('lenet5'), batch: 1, rounds: 60, quickRounds: 15, warmup: 10 },
  { name: 'LeNet-5 1998 tanh/avg, batch 64', doc: () => presetDoc('lenet5'), batch: 64, rounds: 30, quickRounds: 8, warmup: 4 },
  { name: 'conv 56x56x64->64 3x3 same', doc: () => convDoc(56, 56, 64, 3, 1, 64), batch: 1, rounds: 11, quickRounds: 3, warmup: 2 },
  { name: 'conv 224x224x3->64 7x7 s2 same', doc: () => convDoc(224, 224, 3, 7, 2, 64), batch: 1, rounds: 11, quickRounds: 3, warmup: 2 },
  { name: 'conv 112x112x32->64 3x3 same', doc: () => convDoc(112, 112, 32, 3, 1, 64), batch: 1, rounds: 11, quickRounds: 3, warmup: 2 },
  { name: 'DepthwiseConv2D 112x112x32 3x3 same', doc: () => depthwiseDoc(112, 112, 32, 3, 1), batch: 1, rounds: 15, quickRounds: 5, warmup: 2 },
  { name: 'MobileNetV2 224x224, batch 1', doc: () => presetDoc('mobilenetv2'), batch: 1, rounds: 9, quickRounds: 3, warmup: 1 },
  { name: 'VGG-16 224x224, batch 1', doc: () => presetDoc('vgg16'), batch: 1, rounds: 5, quickRounds: 2, warmup: 1 },
];
