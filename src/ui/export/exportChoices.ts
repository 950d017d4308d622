import { EXPORT_TARGET_INFO, type ExportTargetInfo } from '../../core/export/targetInfo';

/** One item of the Export menu: a target, and for ONNX the input layout. */
export interface ExportChoice { key: string; targetId: string; label: string; hint: string; layout?: 'nchw' | 'nhwc' }

const HINTS: Record<string, string> = {
  pytorch: 'model.py, weights.safetensors, train.py for torchrun, verify.py',
  keras: 'model.py (functional API), model.json + weights.bin for TensorFlow.js',
};

/**
 * The menu's items, from the core's target table: a bundle is a .zip, a single-file target its own
 * file, and a target with a layout option one item per layout (NCHW first: ONNX users expect it).
 */
export function listExportChoices(targets: readonly ExportTargetInfo[] = EXPORT_TARGET_INFO): ExportChoice[] {
  return targets.flatMap((t): ExportChoice[] => {
    if (t.writes === 'directory') return [{ key: t.id, targetId: t.id, label: `${t.label} (.zip)`, hint: HINTS[t.id] ?? `the ${t.label} bundle` }];
    if (!t.options.includes('layout')) return [{ key: t.id, targetId: t.id, label: `${t.label} (.${t.id})`, hint: `one .${t.id} file` }];
    return [
      { key: `${t.id}-nchw`, targetId: t.id, label: `${t.label} (.${t.id})`, hint: 'NCHW input [N, C, H, W], opset 17', layout: 'nchw' },
      { key: `${t.id}-nhwc`, targetId: t.id, label: `${t.label}, NHWC input (.${t.id})`, hint: 'NHWC input [N, H, W, C], as the app and Keras', layout: 'nhwc' },
    ];
  });
}
