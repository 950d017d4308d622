/**
 * An internal invariant. Breaking one is a bug in this program, never the user's mistake, so it
 * throws (callers that must not throw turn it into an 'internal' result). The message is built only
 * on failure, so a check on a hot path costs one branch.
 */
export function assert(condition: unknown, message: () => string): asserts condition {
  if (!condition) throw new InternalError(message());
}

/** What `assert` throws: tells a bug apart from a problem the user can fix. */
export class InternalError extends Error {
  override name = 'InternalError';
}
