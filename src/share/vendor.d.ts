// The PNG chunk packages are CommonJS without types; they work on plain Uint8Arrays (no Buffer).
declare module 'png-chunks-extract' {
  const extractChunks: (data: Uint8Array) => { name: string; data: Uint8Array }[];
  export default extractChunks;
}
declare module 'png-chunks-encode' {
  const encodeChunks: (chunks: { name: string; data: Uint8Array }[]) => Uint8Array;
  export default encodeChunks;
}
