// The "Linux version …" banner inside a decompressed Image. Since 6.1 an Image holds two:
// init/version.c's, compiled with a placeholder UTS_VERSION ("# SMP "), and the real one from
// init/version-timestamp.c, linked last with the build number and time. The longest wins.
const NEEDLE = new TextEncoder().encode('Linux version ');

export function findBanner(b: Uint8Array): { offset: number; text: string } | undefined {
  let best: { offset: number; text: string } | undefined;
  const first = NEEDLE[0] as number;
  for (let i = b.indexOf(first); i >= 0 && i + NEEDLE.length < b.length; i = b.indexOf(first, i + 1)) {
    let j = 1;
    while (j < NEEDLE.length && b[i + j] === NEEDLE[j]) j++;
    if (j < NEEDLE.length) continue;
    const c = b[i + NEEDLE.length] as number;
    if (c < 0x30 || c > 0x39) continue; // a version number follows in the real banner, "%s" in format strings
    let end = i;
    while (end < b.length && end - i < 512 && b[end] !== 0 && b[end] !== 0x0a) end++;
    if (!best || end - i > best.text.length) best = { offset: i, text: new TextDecoder().decode(b.subarray(i, end)) };
  }
  return best;
}
