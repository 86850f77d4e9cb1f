import { describe, expect, it } from 'vitest';
import { RULES } from '../../core/verdict/rules';
import { codeParts, forPage } from './verdictText';

describe('verdict prose for the page', () => {
  it('drops recording names and points at the Download Image button (the probe rule as written in core)', () => {
    const r = RULES['probe-not-image']!;
    const why = forPage(r.why);
    expect(why).not.toContain('kexec-ground-truth');
    expect(why).toContain('Seen on a real 6.12 kernel under QEMU.');
    const fix = forPage(r.fix ?? '');
    expect(fix).not.toContain('zboot-explorer extract');
    expect(fix).toContain('"Download Image"');
  });
  it('no rule text keeps an internal name once prepared for the page', () => {
    for (const r of Object.values(RULES)) for (const t of [r.why, r.fix ?? '', r.message]) expect(forPage(t)).not.toMatch(/kexec-ground-truth|zboot-explorer extract/);
  });
  it('splits backticked spans into code parts', () => {
    expect(codeParts('loads; `kexec -e` / reboot starts it')).toEqual([
      { code: false, text: 'loads; ' },
      { code: true, text: 'kexec -e' },
      { code: false, text: ' / reboot starts it' },
    ]);
  });
});
