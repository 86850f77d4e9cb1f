// The map's role colours, read from app.css as the browser gets them: every pair of segment
// colours stays apart for normal vision and under simulated protanopia, deuteranopia and
// tritanopia (Machado, Oliveira & Fernandes 2009, severity 1), in both themes. (Their contrast
// with the background is checked in the browser: e2e/a11y.spec.ts.)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SEGMENT_VARS } from './colors';

const css = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../app.css'), 'utf8');

/** The value of each --seg-* variable in the block that defines --seg-kernel for a theme. */
function palette(dark: boolean): Record<string, string> {
  const blocks = [...css.matchAll(/(:root(?:\[data-theme='dark'\])?)\s*\{([^}]*)\}/g)].filter((m) => m[2]!.includes('--seg-kernel'));
  const block = blocks.find((m) => (m[1] === ":root[data-theme='dark']") === dark)!;
  return Object.fromEntries([...block[2]!.matchAll(/(--seg-[\w-]+):\s*(#[0-9a-fA-F]{6})/g)].map((m) => [m[1]!, m[2]!]));
}

const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const rgb = (h: string) => [1, 3, 5].map((i) => lin(parseInt(h.slice(i, i + 2), 16) / 255)) as [number, number, number];
type M = [number, number, number, number, number, number, number, number, number];
const SIM: Record<string, M | undefined> = {
  normal: undefined,
  protanopia: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  deuteranopia: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.01182, 0.04294, 0.968881],
  tritanopia: [1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.3039],
};
function lab([r, g, b]: [number, number, number]): [number, number, number] {
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}
function seen(h: string, m: M | undefined): [number, number, number] {
  const [r, g, b] = rgb(h);
  if (!m) return lab([r, g, b]);
  const c = (v: number) => Math.min(1, Math.max(0, v));
  return lab([c(m[0] * r + m[1] * g + m[2] * b), c(m[3] * r + m[4] * g + m[5] * b), c(m[6] * r + m[7] * g + m[8] * b)]);
}
const dE = (a: number[], b: number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

/** CIE76 ΔE below which two map colours are taken as confusable: about 4× a just-noticeable
 * difference (~2.3). The Okabe–Ito hues the palette starts from, darkened or lightened for 3:1
 * contrast, keep 10.9 (light) and 11.6 (dark) apart at worst. */
const MIN_DE = 10;

describe('segment colours are distinguishable', () => {
  for (const dark of [false, true]) {
    const p = palette(dark);
    it(`${dark ? 'dark' : 'light'} theme defines every role`, () => {
      for (const v of SEGMENT_VARS) expect(p[v], v).toMatch(/^#/);
    });
    for (const [name, m] of Object.entries(SIM)) {
      it(`${dark ? 'dark' : 'light'} theme, ${name}`, () => {
        const close: string[] = [];
        for (let i = 0; i < SEGMENT_VARS.length; i++)
          for (let j = i + 1; j < SEGMENT_VARS.length; j++) {
            const a = SEGMENT_VARS[i]!;
            const b = SEGMENT_VARS[j]!;
            const d = dE(seen(p[a]!, m), seen(p[b]!, m));
            if (d < MIN_DE) close.push(`${a} ~ ${b}: ΔE ${d.toFixed(1)}`);
          }
        expect(close).toEqual([]);
      });
    }
  }
});
