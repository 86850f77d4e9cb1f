// An A64 disassembler for what a64.c executes, in GNU objdump's syntax (binutils' aarch64-opc.c
// conventions: the Arm ARM's preferred aliases — mov, cmp, tst, lsl, ubfx, cset… —, hex
// arithmetic immediates, decimal memory offsets, shift amounts and bit positions, branch targets
// as absolute addresses). Encodings and alias rules: Arm ARM (DDI 0487) C4.1 and each
// instruction's C6 "Alias conditions". Tested against aarch64-linux-gnu-objdump on the arm64
// fixtures' stub code (disasm.test.ts). Words outside the implemented set are named by their
// encoding class, which is also the text of an 'undefined' stop.
const hex = (v: number | bigint) => (typeof v === 'bigint' && v < 0n ? `-0x${(-v).toString(16)}` : typeof v === 'number' && v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);
const U64 = (1n << 64n) - 1n;

const COND = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv'];
const SHIFT = ['lsl', 'lsr', 'asr', 'ror'];
const EXTEND = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'];

/** Xn / Wn with 31 as the zero register, or as SP when `sp`. */
const reg = (n: number, x: boolean | number, sp = false) => (n === 31 ? (sp ? (x ? 'sp' : 'wsp') : x ? 'xzr' : 'wzr') : `${x ? 'x' : 'w'}${n}`);
const sext = (v: number, bits: number) => (v << (32 - bits)) >> (32 - bits);

/** DecodeBitMasks (Arm ARM C6 shared pseudocode) for logical immediates: the value, or undefined when reserved. */
function bitmaskImm(n: number, imms: number, immr: number, sf: number): bigint | undefined {
  const v = (n << 6) | (~imms & 0x3f);
  if (!v) return undefined;
  const len = 31 - Math.clz32(v);
  if (len < 1) return undefined;
  const levels = (1 << len) - 1;
  if ((imms & levels) === levels) return undefined;
  const s = imms & levels, r = immr & levels, esize = 1 << len;
  const emask = (1n << BigInt(esize)) - 1n;
  let welem = (1n << BigInt(s + 1)) - 1n;
  if (r) welem = ((welem >> BigInt(r)) | (welem << BigInt(esize - r))) & emask;
  let w = 0n;
  for (let i = 0; i < 64; i += esize) w |= welem << BigInt(i);
  return sf ? w : w & 0xffffffffn;
}

/** MoveWidePreferred (Arm ARM C6 shared pseudocode): whether an ORR immediate is shown as movz/movn. */
function moveWidePreferred(sf: number, n: number, imms: number, immr: number): boolean {
  const width = sf ? 64 : 32;
  if (sf && n !== 1) return false;
  if (!sf && !(n === 0 && !(imms & 0x20))) return false;
  if (imms < 16) return (-immr & 15) <= 15 - imms;
  if (imms >= width - 15) return (immr & 15) <= imms - (width - 15);
  return false;
}

/** BFXPreferred (Arm ARM C6 shared pseudocode). */
function bfxPreferred(sf: number, uns: number, imms: number, immr: number): boolean {
  if (imms < immr) return false;
  if (imms === (sf ? 63 : 31)) return false;
  if (immr === 0) {
    if (!sf && (imms === 7 || imms === 15)) return false;
    if (sf && !uns && (imms === 7 || imms === 15 || imms === 31)) return false;
  }
  return true;
}

const SYSREG_NAMES: Record<number, string> = {
  0xd801: 'ctr_el0', 0xc801: 'clidr_el1', 0xc212: 'currentel', 0xc080: 'sctlr_el1', 0xe080: 'sctlr_el2', 0xc038: 'id_aa64mmfr0_el1',
  0xc000: 'midr_el1', 0xc020: 'id_aa64pfr0_el1', 0xc030: 'id_aa64isar0_el1', 0xd807: 'dczid_el0', 0xc005: 'mpidr_el1', 0xc006: 'revidr_el1',
  0xc021: 'id_aa64pfr1_el1', 0xc031: 'id_aa64isar1_el1', 0xc039: 'id_aa64mmfr1_el1', 0xc028: 'id_aa64dfr0_el1', 0xc800: 'ccsidr_el1',
  0xd000: 'csselr_el1', 0xda11: 'daif', 0xc03a: 'id_aa64mmfr2_el1', 0xc807: 'aidr_el1', 0xda10: 'nzcv', 0xc032: 'id_aa64isar2_el1',
  0xde82: 'tpidr_el0', 0xc082: 'cpacr_el1', 0xc100: 'ttbr0_el1', 0xc101: 'ttbr1_el1', 0xc102: 'tcr_el1', 0xc510: 'mair_el1', 0xc600: 'vbar_el1',
  0xc201: 'elr_el1', 0xc200: 'spsr_el1', 0xc208: 'sp_el0', 0xc290: 'esr_el1', 0xc300: 'far_el1', 0xe088: 'hcr_el2', 0xdf02: 'cntvct_el0', 0xdf00: 'cntfrq_el0',
};
const sysregName = (key: number) => SYSREG_NAMES[key] ?? `s${(key >> 14) & 3}_${(key >> 11) & 7}_c${(key >> 7) & 15}_c${(key >> 3) & 15}_${key & 7}`;

const BARRIER = ['#0x00', 'oshld', 'oshst', 'osh', '#0x04', 'nshld', 'nshst', 'nsh', '#0x08', 'ishld', 'ishst', 'ish', '#0x0c', 'ld', 'st', 'sy'];
const HINTS: Record<number, string> = {
  0: 'nop', 1: 'yield', 2: 'wfe', 3: 'wfi', 4: 'sev', 5: 'sevl', 7: 'xpaclri', 8: 'pacia1716', 10: 'pacib1716', 12: 'autia1716', 14: 'autib1716',
  16: 'esb', 17: 'psb csync', 18: 'tsb csync', 20: 'csdb', 22: 'clearbhb', 24: 'paciaz', 25: 'paciasp', 26: 'pacibz', 27: 'pacibsp', 28: 'autiaz', 29: 'autiasp',
  30: 'autibz', 31: 'autibsp', 32: 'bti', 34: 'bti c', 36: 'bti j', 38: 'bti jc',
};
const DC_IC: Record<string, string> = {
  '3.7.4.1': 'dc zva', '3.7.11.1': 'dc cvau', '3.7.10.1': 'dc cvac', '3.7.14.1': 'dc civac', '3.7.12.1': 'dc cvap', '0.7.6.1': 'dc ivac',
  '0.7.6.2': 'dc isw', '0.7.10.2': 'dc csw', '0.7.14.2': 'dc cisw', '0.7.1.0': 'ic ialluis', '0.7.5.0': 'ic iallu', '3.7.5.1': 'ic ivau',
};

/** Armv8.0's TLBI operations by op1.CRm.op2 (Arm ARM C5.5); `*`: no register operand (objdump omits it). */
const TLBI: Record<string, string> = {
  '0.3.0': 'vmalle1is*', '0.3.1': 'vae1is', '0.3.2': 'aside1is', '0.3.3': 'vaae1is', '0.3.5': 'vale1is', '0.3.7': 'vaale1is',
  '0.7.0': 'vmalle1*', '0.7.1': 'vae1', '0.7.2': 'aside1', '0.7.3': 'vaae1', '0.7.5': 'vale1', '0.7.7': 'vaale1',
  '4.0.1': 'ipas2e1is', '4.0.5': 'ipas2le1is', '4.3.0': 'alle2is*', '4.3.1': 'vae2is', '4.3.4': 'alle1is*', '4.3.5': 'vale2is', '4.3.6': 'vmalls12e1is*',
  '4.4.1': 'ipas2e1', '4.4.5': 'ipas2le1', '4.7.0': 'alle2*', '4.7.1': 'vae2', '4.7.4': 'alle1*', '4.7.5': 'vale2', '4.7.6': 'vmalls12e1*',
};

function prfop(rt: number): string {
  const type = rt >> 3, target = (rt >> 1) & 3;
  if (type === 3 || target === 3) return `#0x${rt.toString(16).padStart(2, '0')}`;
  return `${['pld', 'pli', 'pst'][type]}l${target + 1}${rt & 1 ? 'strm' : 'keep'}`;
}

/** The instruction at `pc` as objdump prints it (one space after the mnemonic, no comment). */
export function disassemble(word: number, pc: bigint): string {
  const w = word >>> 0;
  return decode(w, pc) ?? `.inst 0x${w.toString(16).padStart(8, '0')} ; ${encodingClass(w)}`;
}

function target(pc: bigint, words: number): string {
  return hex((pc + BigInt(words) * 4n) & U64);
}

function decode(w: number, pc: bigint): string | undefined {
  const rd = w & 31, rn = (w >>> 5) & 31, rm = (w >>> 16) & 31;
  const sf = w >>> 31;
  const op0 = (w >>> 25) & 15;
  if (op0 === 0) return (w >>> 16) === 0 ? `udf #${w & 0xffff}` : undefined;
  if (op0 === 8 || op0 === 9) return dpImm(w, pc, sf, rd, rn, rm);
  if (op0 === 10 || op0 === 11) return branchSys(w, pc, sf, rd, rn);
  if ((op0 & 5) === 4) return loadStore(w, pc, rd, rn, rm);
  if ((op0 & 7) === 5) return dpReg(w, sf, rd, rn, rm);
  return undefined;
}

function dpImm(w: number, pc: bigint, sf: number, rd: number, rn: number, rm: number): string | undefined {
  const x = !!sf;
  switch ((w >>> 23) & 7) {
    case 0: case 1: {
      const imm = BigInt(sext(((w >>> 3) & 0x1ffffc) | ((w >>> 29) & 3), 21));
      return w >>> 31 ? `adrp ${reg(rd, 1)}, ${hex(((pc & ~0xfffn) + (imm << 12n)) & U64)}` : `adr ${reg(rd, 1)}, ${hex((pc + imm) & U64)}`;
    }
    case 2: {
      const op = (w >>> 30) & 1, s = (w >>> 29) & 1, sh = (w >>> 22) & 1, imm = (w >>> 10) & 0xfff;
      const shift = sh ? ', lsl #12' : '';
      if (!op && !s && !sh && !imm && (rd === 31 || rn === 31)) return `mov ${reg(rd, x, true)}, ${reg(rn, x, true)}`;
      if (s && rd === 31) return `${op ? 'cmp' : 'cmn'} ${reg(rn, x, true)}, #${hex(imm)}${shift}`;
      return `${op ? 'sub' : 'add'}${s ? 's' : ''} ${reg(rd, x, !s)}, ${reg(rn, x, true)}, #${hex(imm)}${shift}`;
    }
    case 4: {
      const opc = (w >>> 29) & 3, n = (w >>> 22) & 1, immr = (w >>> 16) & 63, imms = (w >>> 10) & 63;
      if (!sf && n) return undefined;
      const imm = bitmaskImm(n, imms, immr, sf);
      if (imm === undefined) return undefined;
      if (opc === 3 && rd === 31) return `tst ${reg(rn, x)}, #${hex(imm)}`;
      if (opc === 1 && rn === 31 && !moveWidePreferred(sf, n, imms, immr)) return `mov ${reg(rd, x, true)}, #${hex(imm)}`;
      return `${['and', 'orr', 'eor', 'ands'][opc]} ${reg(rd, x, opc !== 3)}, ${reg(rn, x)}, #${hex(imm)}`;
    }
    case 5: {
      const opc = (w >>> 29) & 3, hw = (w >>> 21) & 3, imm16 = (w >>> 5) & 0xffff;
      if (opc === 1 || (!sf && hw >= 2)) return undefined;
      const shift = hw ? `, lsl #${hw * 16}` : '';
      if (opc === 3) return `movk ${reg(rd, x)}, #${hex(imm16)}${shift}`;
      const val = BigInt(imm16) << BigInt(hw * 16);
      const mask = sf ? U64 : 0xffffffffn;
      if (opc === 2) return imm16 || !hw ? `mov ${reg(rd, x)}, #${hex(val)}` : `movz ${reg(rd, x)}, #${hex(imm16)}${shift}`;
      if ((imm16 || !hw) && (sf || imm16 !== 0xffff)) return `mov ${reg(rd, x)}, #${hex(~val & mask)}`;
      return `movn ${reg(rd, x)}, #${hex(imm16)}${shift}`;
    }
    case 6: {
      const opc = (w >>> 29) & 3, n = (w >>> 22) & 1, immr = (w >>> 16) & 63, imms = (w >>> 10) & 63;
      const size = sf ? 64 : 32;
      if (opc === 3 || n !== sf || (!sf && ((immr | imms) & 32))) return undefined;
      const d = reg(rd, x), s = reg(rn, x);
      const lsbIns = (size - immr) & (size - 1);
      if (opc === 0) {
        if (imms === size - 1) return `asr ${d}, ${s}, #${immr}`;
        if (imms < immr) return `sbfiz ${d}, ${s}, #${lsbIns}, #${imms + 1}`;
        if (bfxPreferred(sf, 0, imms, immr)) return `sbfx ${d}, ${s}, #${immr}, #${imms - immr + 1}`;
        if (immr === 0 && (imms === 7 || imms === 15 || imms === 31)) return `sxt${imms === 7 ? 'b' : imms === 15 ? 'h' : 'w'} ${d}, ${reg(rn, 0)}`;
        return `sbfm ${d}, ${s}, #${immr}, #${imms}`;
      }
      if (opc === 1) {
        if (rn === 31 && imms < immr) return `bfc ${d}, #${lsbIns}, #${imms + 1}`;
        if (imms < immr) return `bfi ${d}, ${s}, #${lsbIns}, #${imms + 1}`;
        return `bfxil ${d}, ${s}, #${immr}, #${imms - immr + 1}`;
      }
      if (imms !== size - 1 && imms + 1 === immr) return `lsl ${d}, ${s}, #${size - 1 - imms}`;
      if (imms === size - 1) return `lsr ${d}, ${s}, #${immr}`;
      if (imms < immr) return `ubfiz ${d}, ${s}, #${lsbIns}, #${imms + 1}`;
      if (bfxPreferred(sf, 1, imms, immr)) return `ubfx ${d}, ${s}, #${immr}, #${imms - immr + 1}`;
      if (immr === 0 && (imms === 7 || imms === 15)) return `uxt${imms === 7 ? 'b' : 'h'} ${d}, ${reg(rn, 0)}`;
      return `ubfm ${d}, ${s}, #${immr}, #${imms}`;
    }
    case 7: {
      const imms = (w >>> 10) & 63;
      if (((w >>> 29) & 3) || (w & (1 << 21)) || ((w >>> 22) & 1) !== sf || (!sf && imms >= 32)) return undefined;
      if (rn === rm) return `ror ${reg(rd, x)}, ${reg(rn, x)}, #${imms}`;
      return `extr ${reg(rd, x)}, ${reg(rn, x)}, ${reg(rm, x)}, #${imms}`;
    }
    default:
      return undefined;
  }
}

function branchSys(w: number, pc: bigint, sf: number, rd: number, rn: number): string | undefined {
  const top = w >>> 24;
  if ((w & 0x7c000000) >>> 0 === 0x14000000) return `${w >>> 31 ? 'bl' : 'b'} ${target(pc, sext(w & 0x3ffffff, 26))}`;
  if ((w & 0x7e000000) >>> 0 === 0x34000000) return `${(w >>> 24) & 1 ? 'cbnz' : 'cbz'} ${reg(rd, sf)}, ${target(pc, sext((w >>> 5) & 0x7ffff, 19))}`;
  if ((w & 0x7e000000) >>> 0 === 0x36000000) {
    const bit = ((w >>> 26) & 32) | ((w >>> 19) & 31);
    return `${(w >>> 24) & 1 ? 'tbnz' : 'tbz'} ${reg(rd, bit >= 32)}, #${bit}, ${target(pc, sext((w >>> 5) & 0x3fff, 14))}`;
  }
  if (top === 0x54) return w & 0x10 ? undefined : `b.${COND[w & 15]} ${target(pc, sext((w >>> 5) & 0x7ffff, 19))}`;
  if ((w & 0xfe000000) >>> 0 === 0xd6000000) {
    const opc = (w >>> 21) & 15;
    if (((w >>> 16) & 31) !== 31 || ((w >>> 10) & 63) !== 0 || rd !== 0 || opc > 2) return undefined;
    if (opc === 2) return rn === 30 ? 'ret' : `ret ${reg(rn, 1)}`;
    return `${opc ? 'blr' : 'br'} ${reg(rn, 1)}`;
  }
  if ((w & 0xffc00000) >>> 0 === 0xd5000000) {
    const l = (w >>> 21) & 1, op0 = (w >>> 19) & 3, op1 = (w >>> 16) & 7, crn = (w >>> 12) & 15, crm = (w >>> 8) & 15, op2 = (w >>> 5) & 7;
    if (!l && op0 === 0 && op1 === 3 && crn === 2 && rd === 31) {
      const imm = (crm << 3) | op2;
      return HINTS[imm] ?? `hint #${hex(imm)}`;
    }
    if (!l && op0 === 0 && op1 === 3 && crn === 3 && rd === 31) {
      if (op2 === 2) return crm === 15 ? 'clrex' : `clrex #${hex(crm)}`;
      if (op2 === 4) return crm === 0 ? 'ssbb' : crm === 4 ? 'pssbb' : `dsb ${BARRIER[crm]}`;
      if (op2 === 5) return `dmb ${BARRIER[crm]}`;
      if (op2 === 6) return crm === 15 ? 'isb' : `isb #${hex(crm)}`;
      return undefined;
    }
    if (!l && op0 === 0 && crn === 4 && rd === 31 && op1 === 3 && (op2 === 6 || op2 === 7)) return `msr daif${op2 === 6 ? 'set' : 'clr'}, #${hex(crm)}`;
    if (op0 === 1 && !l) {
      const name = DC_IC[`${op1}.${crn}.${crm}.${op2}`];
      if (name) return name.startsWith('ic i') && name !== 'ic ivau' ? (rd === 31 ? name : undefined) : `${name}, ${reg(rd, 1)}`;
      const tlbi = crn === 8 ? TLBI[`${op1}.${crm}.${op2}`] : undefined;
      if (tlbi) return tlbi.endsWith('*') ? `tlbi ${tlbi.slice(0, -1)}` : `tlbi ${tlbi}, ${reg(rd, 1)}`;
      return undefined;
    }
    if (op0 >= 2) {
      const name = sysregName((w >>> 5) & 0xffff);
      return l ? `mrs ${reg(rd, 1)}, ${name}` : `msr ${name}, ${reg(rd, 1)}`;
    }
    return undefined;
  }
  return undefined;
}

function loadStore(w: number, pc: bigint, rt: number, rn: number, rm: number): string | undefined {
  if (w & (1 << 26)) return undefined;
  const size = w >>> 30;
  const base = reg(rn, 1, true);
  switch ((w >>> 27) & 7) {
    case 3: {
      if (w & (1 << 24)) return undefined;
      const t = target(pc, sext((w >>> 5) & 0x7ffff, 19));
      if (size === 3) return `prfm ${prfop(rt)}, ${t}`;
      return `${size === 2 ? 'ldrsw' : 'ldr'} ${reg(rt, size !== 0)}, ${t}`;
    }
    case 5: {
      const opc = size, l = (w >>> 22) & 1, mode = (w >>> 23) & 3;
      if (opc === 3 || (opc === 1 && !l) || (mode === 0 && opc === 1)) return undefined;
      const rt2 = (w >>> 10) & 31, scale = opc === 2 ? 3 : 2;
      const off = sext((w >>> 15) & 0x7f, 7) << scale;
      const x = opc !== 0;
      const name = mode === 0 ? (l ? 'ldnp' : 'stnp') : opc === 1 ? 'ldpsw' : l ? 'ldp' : 'stp';
      const regs = `${reg(rt, x)}, ${reg(rt2, x)}`;
      if (mode === 1) return `${name} ${regs}, [${base}], #${off}`;
      if (mode === 3) return `${name} ${regs}, [${base}, #${off}]!`;
      return `${name} ${regs}, [${base}${off ? `, #${off}` : ''}]`;
    }
    case 7: {
      const opc = (w >>> 22) & 3;
      if (size === 3 && opc === 3) return undefined;
      if (size === 2 && opc === 3) return undefined;
      const prefetch = size === 3 && opc === 2;
      const x = size === 3 || opc === 2;
      const suffix = ['b', 'h', '', ''][size]!;
      const body = opc === 0 ? `str${suffix}` : opc === 1 ? `ldr${suffix}` : `ldrs${['b', 'h', 'w', ''][size]}`;
      const first = prefetch ? prfop(rt) : reg(rt, x);
      if (w & (1 << 24)) {
        const off = ((w >>> 10) & 0xfff) << size;
        return `${prefetch ? 'prfm' : body} ${first}, [${base}${off ? `, #${off}` : ''}]`;
      }
      if (!(w & (1 << 21))) {
        const imm = sext((w >>> 12) & 0x1ff, 9), mode = (w >>> 10) & 3;
        if (prefetch && mode !== 0) return undefined;
        if (mode === 0) return `${prefetch ? 'prfum' : body.replace(/^(ld|st)r/, '$1ur')} ${first}, [${base}${imm ? `, #${imm}` : ''}]`;
        if (mode === 2) return `${body.replace(/^(ld|st)r/, '$1tr')} ${first}, [${base}${imm ? `, #${imm}` : ''}]`;
        return mode === 1 ? `${body} ${first}, [${base}], #${imm}` : `${body} ${first}, [${base}, #${imm}]!`;
      }
      if (((w >>> 10) & 3) !== 2) return undefined;
      const option = (w >>> 13) & 7, s = (w >>> 12) & 1;
      if (!(option & 2)) return undefined;
      const index = reg(rm, option & 1);
      const ext = option === 3 ? (s ? `, lsl #${size}` : '') : `, ${EXTEND[option]}${s ? ` #${size}` : ''}`;
      return `${prefetch ? 'prfm' : body} ${first}, [${base}, ${index}${ext}]`;
    }
    default:
      return undefined;
  }
}

function shiftText(type: number, amt: number): string {
  return type === 0 && amt === 0 ? '' : `, ${SHIFT[type]} #${amt}`;
}

function dpReg(w: number, sf: number, rd: number, rn: number, rm: number): string | undefined {
  const x = !!sf;
  if (!(w & (1 << 28))) {
    const shift = (w >>> 22) & 3, imm6 = (w >>> 10) & 63;
    const shiftedForm = !(w & (1 << 24)) || !(w & (1 << 21));
    if (shiftedForm && !sf && imm6 & 32) return undefined;
    if (!(w & (1 << 24))) {
      const opc = (w >>> 29) & 3, n = (w >>> 21) & 1;
      const sh = shiftText(shift, imm6);
      if (opc === 1 && !n && rn === 31 && !shift && !imm6) return `mov ${reg(rd, x)}, ${reg(rm, x)}`;
      if (opc === 1 && n && rn === 31) return `mvn ${reg(rd, x)}, ${reg(rm, x)}${sh}`;
      if (opc === 3 && !n && rd === 31) return `tst ${reg(rn, x)}, ${reg(rm, x)}${sh}`;
      const name = n ? ['bic', 'orn', 'eon', 'bics'][opc] : ['and', 'orr', 'eor', 'ands'][opc];
      return `${name} ${reg(rd, x)}, ${reg(rn, x)}, ${reg(rm, x)}${sh}`;
    }
    const op = (w >>> 30) & 1, s = (w >>> 29) & 1;
    if (!(w & (1 << 21))) {
      if (shift === 3) return undefined;
      const sh = shiftText(shift, imm6);
      if (s && rd === 31) return `${op ? 'cmp' : 'cmn'} ${reg(rn, x)}, ${reg(rm, x)}${sh}`;
      if (op && rn === 31) return `neg${s ? 's' : ''} ${reg(rd, x)}, ${reg(rm, x)}${sh}`;
      return `${op ? 'sub' : 'add'}${s ? 's' : ''} ${reg(rd, x)}, ${reg(rn, x)}, ${reg(rm, x)}${sh}`;
    }
    const option = (w >>> 13) & 7, imm3 = (w >>> 10) & 7;
    if (shift !== 0 || imm3 > 4) return undefined;
    const sp = (!s && rd === 31) || rn === 31;
    const ext = sp && option === (sf ? 3 : 2) ? (imm3 ? `, lsl #${imm3}` : '') : `, ${EXTEND[option]}${imm3 ? ` #${imm3}` : ''}`;
    const m = reg(rm, sf && (option & 3) === 3);
    if (s && rd === 31) return `${op ? 'cmp' : 'cmn'} ${reg(rn, x, true)}, ${m}${ext}`;
    return `${op ? 'sub' : 'add'}${s ? 's' : ''} ${reg(rd, x, !s)}, ${reg(rn, x, true)}, ${m}${ext}`;
  }
  switch ((w >>> 21) & 15) {
    case 0: {
      if ((w >>> 10) & 63) return undefined;
      const op = (w >>> 30) & 1, s = (w >>> 29) & 1;
      if (op && rn === 31) return `ngc${s ? 's' : ''} ${reg(rd, x)}, ${reg(rm, x)}`;
      return `${op ? 'sbc' : 'adc'}${s ? 's' : ''} ${reg(rd, x)}, ${reg(rn, x)}, ${reg(rm, x)}`;
    }
    case 2: {
      if (!(w & (1 << 29)) || w & (1 << 10) || w & 16) return undefined;
      const second = w & (1 << 11) ? `#${hex(rm)}` : reg(rm, x);
      return `${(w >>> 30) & 1 ? 'ccmp' : 'ccmn'} ${reg(rn, x)}, ${second}, #${hex(w & 15)}, ${COND[(w >>> 12) & 15]}`;
    }
    case 4: {
      if (w & (1 << 29) || w & (1 << 11)) return undefined;
      const op = ((w >>> 29) & 2) | ((w >>> 10) & 1), cond = (w >>> 12) & 15;
      const inv = COND[cond ^ 1];
      if (op === 1 && rm === rn && cond < 14) return rn === 31 ? `cset ${reg(rd, x)}, ${inv}` : `cinc ${reg(rd, x)}, ${reg(rn, x)}, ${inv}`;
      if (op === 2 && rm === rn && cond < 14) return rn === 31 ? `csetm ${reg(rd, x)}, ${inv}` : `cinv ${reg(rd, x)}, ${reg(rn, x)}, ${inv}`;
      if (op === 3 && rm === rn && cond < 14) return `cneg ${reg(rd, x)}, ${reg(rn, x)}, ${inv}`;
      return `${['csel', 'csinc', 'csinv', 'csneg'][op]} ${reg(rd, x)}, ${reg(rn, x)}, ${reg(rm, x)}, ${COND[cond]}`;
    }
    case 6: {
      const opcode = (w >>> 10) & 63;
      if (w & (1 << 29)) return undefined;
      if (w & (1 << 30)) {
        if (rm !== 0) return undefined;
        const name = opcode === 0 ? 'rbit' : opcode === 1 ? 'rev16' : opcode === 2 ? (sf ? 'rev32' : 'rev') : opcode === 3 && sf ? 'rev' : opcode === 4 ? 'clz' : opcode === 5 ? 'cls' : undefined;
        return name && `${name} ${reg(rd, x)}, ${reg(rn, x)}`;
      }
      if (opcode === 2 || opcode === 3) return `${opcode === 2 ? 'udiv' : 'sdiv'} ${reg(rd, x)}, ${reg(rn, x)}, ${reg(rm, x)}`;
      if (opcode >= 8 && opcode <= 11) return `${SHIFT[opcode - 8]} ${reg(rd, x)}, ${reg(rn, x)}, ${reg(rm, x)}`;
      if (opcode >= 16 && opcode <= 23) {
        const sz = opcode & 3;
        if ((sz === 3) !== x) return undefined;
        return `crc32${opcode & 4 ? 'c' : ''}${'bhwx'[sz]} ${reg(rd, 0)}, ${reg(rn, 0)}, ${reg(rm, sz === 3)}`;
      }
      return undefined;
    }
    case 8: case 9: case 10: case 11: case 12: case 13: case 14: case 15: {
      const op31 = (w >>> 21) & 7, o0 = (w >>> 15) & 1, ra = (w >>> 10) & 31;
      if ((w >>> 29) & 3) return undefined;
      if (op31 === 0) {
        if (ra === 31) return `${o0 ? 'mneg' : 'mul'} ${reg(rd, x)}, ${reg(rn, x)}, ${reg(rm, x)}`;
        return `${o0 ? 'msub' : 'madd'} ${reg(rd, x)}, ${reg(rn, x)}, ${reg(rm, x)}, ${reg(ra, x)}`;
      }
      if (!sf) return undefined;
      if (op31 === 1 || op31 === 5) {
        const u = op31 === 5 ? 'u' : 's';
        if (ra === 31) return `${u}${o0 ? 'mnegl' : 'mull'} ${reg(rd, 1)}, ${reg(rn, 0)}, ${reg(rm, 0)}`;
        return `${u}${o0 ? 'msubl' : 'maddl'} ${reg(rd, 1)}, ${reg(rn, 0)}, ${reg(rm, 0)}, ${reg(ra, 1)}`;
      }
      if ((op31 === 2 || op31 === 6) && !o0) return `${op31 === 6 ? 'umulh' : 'smulh'} ${reg(rd, 1)}, ${reg(rn, 1)}, ${reg(rm, 1)}`;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The encoding class of a word the machine does not execute, e.g. 'SIMD&FP data processing'. */
export function encodingClass(w: number): string {
  w >>>= 0;
  const op0 = (w >>> 25) & 15;
  if (op0 === 0) return (w >>> 16) === 0 ? `udf #${w & 0xffff}` : 'reserved';
  if (op0 === 2) return 'SVE';
  if (op0 === 1 || op0 === 3) return 'unallocated';
  if ((op0 & 7) === 7) return 'SIMD&FP data processing';
  if ((op0 & 0b1110) === 0b1010) {
    if ((w & 0xff000000) >>> 0 === 0xd4000000) {
      const opc = (w >>> 21) & 7, ll = w & 3, imm = (w >>> 5) & 0xffff;
      const name = opc === 0 ? ['?', 'svc', 'hvc', 'smc'][ll] : opc === 1 ? 'brk' : opc === 2 ? 'hlt' : opc === 5 ? `dcps${ll}` : 'exception generation';
      return `${name} #${hex(imm)} (exception generation)`;
    }
    if ((w & 0xfe000000) >>> 0 === 0xd6000000) return ((w >>> 21) & 15) === 4 ? 'eret' : 'branch (register), PAuth or unallocated form';
    if ((w & 0xffc00000) >>> 0 === 0xd5000000) {
      const op0s = (w >>> 19) & 3, op1 = (w >>> 16) & 7, crn = (w >>> 12) & 15, crm = (w >>> 8) & 15, op2 = (w >>> 5) & 7;
      if (op0s >= 2) return `${(w >>> 21) & 1 ? 'mrs' : 'msr'} ${sysregName((w >>> 5) & 0xffff)} (system register not modelled)`;
      return `sys #${op1}, c${crn}, c${crm}, #${op2} (system instruction not modelled)`;
    }
    return 'branch/system (unallocated form)';
  }
  if ((op0 & 0b0101) === 0b0100) {
    if (w & (1 << 26)) return 'SIMD&FP load/store';
    const cls = (w >>> 27) & 7;
    if (cls === 1) return 'load/store exclusive, acquire/release or compare-and-swap (not implemented)';
    if (cls === 7 && !(w & (1 << 24)) && w & (1 << 21) && ((w >>> 10) & 3) === 0) return 'atomic memory operation (LSE, not implemented)';
    if (cls === 7 && !(w & (1 << 24)) && w & (1 << 21) && ((w >>> 10) & 1) === 1) return 'load with pointer authentication (PAuth, not implemented)';
    return 'load/store (unallocated form)';
  }
  if ((op0 & 0b1110) === 0b1000) return 'data processing, immediate (unallocated form)';
  return 'data processing, register (unallocated form or extension not implemented)';
}

/** The text of an undefined stop: the raw word, its disassembly when it has one, and its class. */
export function describeWord(w: number, pc: bigint): string {
  const text = decode(w >>> 0, pc);
  return `0x${(w >>> 0).toString(16).padStart(8, '0')} at ${hex(pc)}: ${text ? `${text} (system register or operation not modelled)` : encodingClass(w)}`;
}
