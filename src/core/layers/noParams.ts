import type { EmptyParams } from '../graph/types';
import type { ValidateResult } from './layerTypes';

/** For kinds without params: any extra fields are ignored (kept in the document, unused). */
export function validateNoParams(): ValidateResult<EmptyParams> {
  return { ok: true, params: {} };
}
