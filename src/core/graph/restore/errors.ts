/** Where an import came from: it changes the wording of errors, never what is accepted. */
export type RestoreSource = 'file' | 'png' | 'link' | 'db';

/** Why an import was refused. Stable codes: the UI and the tests key on them. */
export type RestoreErrorCode =
  | 'too-large' // bytes over the limit
  | 'too-many-nodes'
  | 'too-many-edges'
  | 'not-utf8'
  | 'not-json' // includes truncated text
  | 'not-a-graph' // JSON, but not an object with format "cnn-graph"
  | 'missing-version'
  | 'bad-version'
  | 'version-too-new'
  | 'migration-failed'
  | 'invalid-document' // nodes/edges are not lists, params nested absurdly deep ...
  | 'tensor-too-large'
  | 'damaged' // a share link or PNG chunk that was cut short or edited
  | 'internal';

export interface RestoreError { code: RestoreErrorCode; message: string }

/** Thrown inside the restore modules only; `restoreGraph` turns it into `{ ok: false, error }`. */
export class RestoreRefusal extends Error {
  constructor(readonly code: RestoreErrorCode, message: string) {
    super(message);
  }
}

/** Throws a refusal with a user-facing message. */
export function refuse(code: RestoreErrorCode, message: string): never {
  throw new RestoreRefusal(code, message);
}

/** "file", "PNG", "link", "saved graph": how a message names the thing being opened. */
export function describeSource(source: RestoreSource): string {
  switch (source) {
    case 'file': return 'file';
    case 'png': return 'PNG';
    case 'link': return 'link';
    case 'db': return 'saved graph';
  }
}
