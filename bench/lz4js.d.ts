// lz4js 0.2.0 ships no types; the one function the bench calls (lz4.js `decompressBlock`).
declare module 'lz4js' {
  const lz4js: { decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number };
  export default lz4js;
}
