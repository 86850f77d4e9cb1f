// What an A64 word is, for the text of an 'undefined' stop: the encoding class of the Arm ARM's
// top-level decode (DDI 0487, C4.1 "A64 instruction set encoding" and its subsections), named
// the way a kernel engineer would search for it.
const hex = (v: number | bigint) => `0x${v.toString(16)}`;

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
    if ((w & 0xfe000000) >>> 0 === 0xd6000000) return (w >>> 21 & 15) === 4 ? 'eret' : 'branch (register), PAuth or unallocated form';
    if ((w & 0xffc00000) >>> 0 === 0xd5000000) {
      const op0s = (w >>> 19) & 3, op1 = (w >>> 16) & 7, crn = (w >>> 12) & 15, crm = (w >>> 8) & 15, op2 = (w >>> 5) & 7;
      if (op0s >= 2) return `${(w >>> 21) & 1 ? 'mrs' : 'msr'} s${op0s}_${op1}_c${crn}_c${crm}_${op2} (system register not modelled)`;
      return `sys #${op1}, c${crn}, c${crm}, #${op2} (system instruction not modelled)`;
    }
    return 'branch/system (unallocated form)';
  }
  if ((op0 & 0b0101) === 0b0100) {
    if (w & (1 << 26)) return 'SIMD&FP load/store';
    const cls = (w >>> 27) & 7;
    if (cls === 1) return 'load/store exclusive, acquire/release or compare-and-swap (not implemented)';
    if (cls === 7 && !(w & (1 << 24)) && (w & (1 << 21)) && ((w >>> 10) & 3) === 0) return 'atomic memory operation (LSE, not implemented)';
    if (cls === 7 && !(w & (1 << 24)) && (w & (1 << 21)) && ((w >>> 10) & 1) === 1) return 'load with pointer authentication (PAuth, not implemented)';
    return 'load/store (unallocated form)';
  }
  if ((op0 & 0b1110) === 0b1000) return 'data processing, immediate (unallocated form)';
  return 'data processing, register (unallocated form or extension not implemented)';
}

/** The text of an undefined stop: the raw word and its class. */
export function describeWord(w: number, pc: bigint): string {
  return `${hex(w >>> 0).padStart(10, ' ')} at ${hex(pc)}: ${encodingClass(w)}`;
}
