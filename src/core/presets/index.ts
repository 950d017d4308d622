import type { GraphDocument } from '../graph/types';
import { PRESET_CATALOG } from './catalog';
import inceptionBlock from './inception-block.json';
import { createKernelPlaygroundPreset } from './kernelPlayground';
import lenet5Mnist from './lenet5-mnist.json';
import lenet5MnistTrained from './lenet5-mnist-trained.json';
import lenet5 from './lenet5.json';
import resnetBlock from './resnet-block.json';
import tinyvgg from './tinyvgg.json';
import vgg16 from './vgg16.json';
import { buildEfficientNetB0 } from './builders/efficientnet';
import { buildMobilenetV2 } from './builders/mobilenetv2';
import { buildResnet18, buildResnet50 } from './builders/resnet';
import { buildSqueezenet11 } from './builders/squeezenet';
import { buildUnet } from './builders/unet';

/** A built-in graph with its document at hand (the CLI and tests). `doc` is shared: clone it (structuredClone) before editing. */
export interface Preset {
  id: string;
  name: string;
  description: string;
  doc: GraphDocument;
}

// JSON imports type `format` as string; the preset tests parse every one with the schema.
const asDocument = (json: unknown): GraphDocument => json as GraphDocument;

const DOCUMENTS: Record<string, GraphDocument> = {
  'lenet5': asDocument(lenet5),
  'lenet5-mnist': asDocument(lenet5Mnist),
  'lenet5-mnist-trained': asDocument(lenet5MnistTrained),
  'tinyvgg': asDocument(tinyvgg),
  'vgg16': asDocument(vgg16),
  'resnet-block': asDocument(resnetBlock),
  'inception-block': asDocument(inceptionBlock),
  'mobilenetv2': buildMobilenetV2(),
  'resnet18': buildResnet18(),
  'resnet50': buildResnet50(),
  'squeezenet1_1': buildSqueezenet11(),
  'efficientnet_b0': buildEfficientNetB0(),
  'unet': buildUnet(),
  'kernel-playground': createKernelPlaygroundPreset(),
};

/**
 * The built-in graphs, LeNet-5 first, every document loaded: for Node (the CLI, tests). The app
 * lists PRESET_CATALOG instead and loads a document when it is picked. Every one infers without
 * errors (tested).
 */
export const PRESETS: readonly Preset[] = PRESET_CATALOG.map(({ id, name, description }) => {
  const doc = DOCUMENTS[id];
  if (!doc) throw new Error(`preset ${id} has no document`);
  return { id, name, description, doc };
});

/** The preset with this id, or undefined. */
export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
