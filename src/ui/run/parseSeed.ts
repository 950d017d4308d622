/** The largest seed: seeds are 32-bit unsigned integers, as the weight generator mixes them. */
export const MAX_SEED = 4_294_967_295;

/** A typed seed, or why it is refused: only whole numbers 0..MAX_SEED, written in decimal. */
export function parseSeed(text: string): { ok: true; seed: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  const refuse = { ok: false as const, message: `Seed must be a whole number from 0 to ${MAX_SEED.toLocaleString('en-US')}${trimmed === '' ? '' : `, got "${trimmed}"`}` };
  if (!/^\d+$/.test(trimmed)) return refuse;
  const seed = Number(trimmed);
  return seed <= MAX_SEED ? { ok: true, seed } : refuse;
}
