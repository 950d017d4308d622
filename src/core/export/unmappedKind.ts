/** Why a node of a kind an exporter has no mapping for is refused (a new kind runs in the app before it exports). */
export function noExporterYet(kind: string, target: 'PyTorch' | 'Keras' | 'ONNX'): string {
  return `the ${target} export has no mapping for ${kind} layers yet: replace the node, or export to another format`;
}
