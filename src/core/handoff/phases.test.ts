// Invariants of the phase model on real layouts (the ground-truth machines' memblock maps), not
// string snapshots.
import { describe, expect, it } from 'vitest';
import { hex } from '../bytes/hex';
import { DEFAULT_DTB_SIZE } from '../kexec/kernelSpec';
import { type LayoutInputs, layout } from '../kexec/layout';
import { presetById } from '../kexec/presets';
import { BOOKKEEPING, phases } from './phases';

const base = (over: Partial<LayoutInputs> = {}): LayoutInputs => ({
  memory: presetById('qemu-virt-1G')!.build(),
  mode: 'upstream',
  kernel: { format: 'arm64-image', fileLen: 0x3dba00n, imageSize: 0x450000n, textOffset: 0n },
  initrdSize: 0x400000n,
  dtbSize: DEFAULT_DTB_SIZE,
  cmdline: '',
  crash: false,
  pageSize: 4096n,
  kernelVersion: '6.12',
  cpus: 1,
  ...over,
});

describe('upstream path', () => {
  for (const crash of [false, true]) {
    it(`${crash ? 'crash' : 'normal'}: every segment is written before the jump; x0 = dtb; MMU off at the jump`, () => {
      const memory = presetById('qemu-virt-1G')!.build();
      if (crash) memory.crashRegion = { start: 0x76e00000n, end: 0x7edfffffn }; // crash-1G-load's Crash kernel line
      const l = layout(base({ memory, crash }));
      expect(l.error).toBeUndefined();
      const ps = phases({ path: 'upstream', crash, layout: l });
      const jump = ps.findIndex((p) => p.id === 'jump');
      expect(jump).toBeGreaterThan(0);
      for (const s of l.segments) {
        const written = ps.slice(0, jump).some((p) => p.memory[s.role] === 'writing');
        expect(written, `${s.role} written before the jump`).toBe(true);
        expect(ps[jump]!.memory[s.role]).toBe('live');
      }
      const dtb = l.segments.find((s) => s.role === 'dtb')!;
      expect(ps[jump]!.cpu.registers.x0).toBe(hex(dtb.mem));
      expect(['x1', 'x2', 'x3'].map((r) => ps[jump]!.cpu.registers[r])).toEqual(['0', '0', '0']);
      expect(ps[jump]!.cpu.registers.pc).toBe(hex(l.entry!));
      expect(ps[jump]!.cpu.mmu).toBe('off');
      expect(ps[jump]!.cpu.interrupts).toMatch(/masked/);
      expect(ps[jump]!.memory['old kernel']).toBe('dead');
      // the old kernel lives until the relocation overwrites it
      expect(ps.find((p) => p.id === 'layout')!.memory['old kernel']).toBe('live');
      // a crash image needs no source pages or relocation
      expect(ps.some((p) => p.id === 'relocate')).toBe(!crash);
      if (!crash) {
        const reloc = ps.find((p) => p.id === 'relocate')!;
        expect(reloc.cpu.mmu).toMatch(/^on/);
        expect(reloc.memory['kimage source pages']).toBe('live');
      }
      // every phase names where it happens
      for (const p of ps) {
        expect(p.sources.length).toBeGreaterThan(0);
        expect(p.functions.length).toBeGreaterThan(0);
        for (const b of BOOKKEEPING) expect(p.memory[b]).toBeDefined();
      }
    });
  }
  it('segments are idle while addresses are only decided (nothing copied at layout time)', () => {
    const l = layout(base());
    const p = phases({ path: 'upstream', crash: false, layout: l }).find((x) => x.id === 'layout')!;
    for (const s of l.segments) expect(p.memory[s.role]).toBe('idle');
  });
});

describe('proposal path', () => {
  it('branches to efi_zboot_entry with x0 = the param segment; marked as a proposal', () => {
    const l = layout(base({ mode: 'zboot-proposal', kernel: { format: 'zboot', fileLen: 1610240n } }));
    expect(l.error).toBeUndefined();
    const ps = phases({ path: 'zboot-proposal', crash: false, layout: l });
    const ids = ps.map((p) => p.id);
    expect(ids.indexOf('relocate')).toBeLessThan(ids.indexOf('emulator-mmu-on'));
    expect(ids).toContain('efi-zboot-entry');
    expect(ids).not.toContain('jump');
    const emu = ps.find((p) => p.id === 'emulator-mmu-on')!;
    const param = l.segments.find((s) => s.role.startsWith('emulator param'))!;
    expect(emu.cpu.registers.x0).toBe(`param ${hex(param.mem)}`);
    expect(emu.cpu.mmu).toMatch(/^on/);
    expect(emu.proposal).toBe(true);
    expect(ps.filter((p) => p.proposal).length).toBeGreaterThanOrEqual(3);
  });
});
