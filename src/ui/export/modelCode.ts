import { writeKerasModelCode } from '../../core/export/keras/modelCode';
import { writePytorchModelCode, type ModelCode } from '../../core/export/pytorch/modelCode';
import type { ExportOptions } from '../../core/export/targets';
import type { GraphDocument } from '../../core/graph/types';

/** A framework whose model.py the Code panel shows. */
export interface CodeLanguage { id: string; label: string; write(doc: GraphDocument, options: ExportOptions): ModelCode }

/** The frameworks the Code panel offers, in the order of its switch. */
export const CODE_LANGUAGES: readonly CodeLanguage[] = [
  { id: 'pytorch', label: 'PyTorch', write: writePytorchModelCode },
  { id: 'keras', label: 'Keras', write: writeKerasModelCode },
];
