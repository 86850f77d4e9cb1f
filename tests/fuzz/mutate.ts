// A small seeded mutator over real fixture bytes (and text): bit flips, interesting values,
// truncations, splices. Seeded, so a failure prints the seed that reproduces it.
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING32 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x1000, 0x7fff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

export function mutateBytes(seed: Uint8Array, r: () => number, maxLen = seed.length + 4096): Uint8Array {
  let b = seed.slice();
  const n = 1 + Math.floor(r() * 8);
  const int = (k: number) => Math.floor(r() * k);
  for (let i = 0; i < n && b.length; i++) {
    switch (int(7)) {
      case 0: // bit flip
        b[int(b.length)]! ^= 1 << int(8);
        break;
      case 1: // random byte
        b[int(b.length)] = int(256);
        break;
      case 2: {
        // interesting le32, often in the header where the fields are
        const at = r() < 0.7 ? int(Math.min(b.length, 0x400)) : int(b.length);
        if (at + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(at, INTERESTING32[int(INTERESTING32.length)]!, true);
        break;
      }
      case 3: // truncate
        b = b.slice(0, int(b.length + 1));
        break;
      case 4: {
        // duplicate a chunk somewhere else
        const from = int(b.length);
        const len = int(Math.min(256, b.length - from) + 1);
        const to = int(b.length);
        b.copyWithin(to, from, from + len);
        break;
      }
      case 5: {
        // append or insert random bytes
        const extra = new Uint8Array(int(64) + 1).map(() => int(256));
        const at = int(b.length + 1);
        const c = new Uint8Array(b.length + extra.length);
        c.set(b.subarray(0, at));
        c.set(extra, at);
        c.set(b.subarray(at), at + extra.length);
        b = c.slice(0, maxLen);
        break;
      }
      case 6: // zero a run
        b.fill(0, int(b.length), int(b.length));
        break;
    }
  }
  return b;
}

export function mutateText(seed: string, r: () => number): string {
  const lines = seed.split('\n');
  const n = 1 + Math.floor(r() * 5);
  const int = (k: number) => Math.floor(r() * k);
  const junk = ['', '0x', '..', ' : ', 'NOMAP', '0xffffffffffffffff', '99999999999999999999', '\t', '-', 'System RAM', '\u0000', 'é'];
  for (let i = 0; i < n; i++) {
    const li = int(lines.length);
    const line = lines[li] ?? '';
    switch (int(5)) {
      case 0:
        lines[li] = line.slice(0, int(line.length + 1)) + junk[int(junk.length)] + line.slice(int(line.length + 1));
        break;
      case 1:
        lines.splice(li, 1);
        break;
      case 2:
        lines.splice(li, 0, line);
        break;
      case 3: {
        const c = line.split('');
        const at = int(c.length);
        c[at] = '0123456789abcdefx.: '[int(20)] as string;
        lines[li] = c.join('');
        break;
      }
      case 4:
        lines[li] = line.replace(/[0-9a-f]/gi, (d) => (r() < 0.1 ? 'f' : d));
        break;
    }
  }
  return lines.join('\n');
}
