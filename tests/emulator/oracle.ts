// Both sides of the differential tests: qemu-aarch64 -cpu cortex-a57 running harness.c, and
// the machine, each turning a Case into an Outcome.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Aarch64Machine, createMachine } from '../../src/core/emulator/cpu/machine';
import { type Case, DATA, DATA_SIZE, type Outcome, PAD, PAD_SIZE, SLOT, caseRegs, pattern } from './cases';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
/** Whether the live oracle can run here (Debian's qemu-user and gcc-aarch64-linux-gnu). */
export const HAVE_QEMU = has('qemu-aarch64') && has('aarch64-linux-gnu-gcc');

export function buildHarness(): string {
  const out = join(mkdtempSync(join(tmpdir(), 'a64-harness-')), 'harness');
  execFileSync('aarch64-linux-gnu-gcc', ['-nostdlib', '-static', '-O2', '-ffreestanding', '-fno-tree-loop-distribute-patterns', '-o', out, new URL('./harness.c', import.meta.url).pathname]);
  return out;
}

const SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGSEGV = 11;

/** Runs the cases under qemu-aarch64 -cpu cortex-a57, one process for all. */
export function runQemu(harness: string, cases: Case[]): Outcome[] {
  const input = Buffer.alloc(cases.length * (8 + 32 * 8));
  cases.forEach((c, i) => {
    const at = i * (8 + 32 * 8);
    input.writeUInt32LE(c.word, at);
    input.writeUInt32LE(c.nzcv, at + 4);
    caseRegs(c).forEach((v, n) => input.writeBigUInt64LE(v, at + 8 + n * 8));
    input.writeBigUInt64LE(c.sp, at + 8 + 31 * 8);
  });
  const p = spawnSync('qemu-aarch64', ['-cpu', 'cortex-a57', harness], { input, maxBuffer: 1 << 30 });
  if (p.status !== 0) throw new Error(`qemu-aarch64 harness exited with ${p.status}: ${p.stderr}`);
  const o = p.stdout;
  const out: Outcome[] = [];
  let at = 0;
  while (at < o.length) {
    const sig = o.readUInt32LE(at), changed = o.readUInt32LE(at + 4);
    const x = Array.from({ length: 31 }, (_, n) => o.readBigUInt64LE(at + 16 + n * 8));
    const sp = o.readBigUInt64LE(at + 16 + 248), pc = o.readBigUInt64LE(at + 16 + 256), pstate = o.readBigUInt64LE(at + 16 + 264);
    at += 16 + 272;
    const data = new Map<number, number>();
    for (let k = 0; k < changed; k++, at += 4) data.set(o.readUInt16LE(at), o[at + 2]!);
    // a signal from the slot is the instruction's own; from elsewhere, the trap after it
    const own = pc === SLOT && (sig === SIGILL || sig === SIGTRAP || sig === SIGSEGV || sig === SIGBUS);
    const kind = !own ? 'ok' : sig === SIGSEGV || sig === SIGBUS ? 'fault' : 'undef';
    out.push({ kind, pc, x, sp, nzcv: Number(pstate & 0xf0000000n), data });
  }
  if (out.length !== cases.length) throw new Error(`qemu-aarch64 harness answered ${out.length} of ${cases.length} cases`);
  return out;
}

/** A machine with harness.c's memory: the code pad and the data buffer. */
export function oracleMachine(): Promise<Aarch64Machine> {
  return createMachine({ ram: [{ base: PAD, size: PAD_SIZE }, { base: DATA, size: BigInt(DATA_SIZE) }], trap: { base: 0x1000n, size: 0x1000n } });
}

const PATTERN = Uint8Array.from({ length: DATA_SIZE }, (_, i) => pattern(i));

/** Runs one case in the machine: exactly one instruction, from a fresh data buffer. */
export function runMachine(m: Aarch64Machine, c: Case): Outcome {
  m.write(DATA, PATTERN);
  m.write32(SLOT, c.word);
  caseRegs(c).forEach((v, n) => m.setX(n, v));
  m.setSp(c.sp);
  m.setNzcv(c.nzcv);
  m.setPc(SLOT);
  const stop = m.run(1);
  const kind = stop.kind === 'budget' ? 'ok' : stop.kind === 'undefined' ? 'undef' : stop.kind === 'fault' ? 'fault' : undefined;
  if (!kind) throw new Error(`one instruction stopped with ${JSON.stringify(stop, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v))}`);
  const x = Array.from({ length: 31 }, (_, n) => m.getX(n));
  const data = new Map<number, number>();
  const after = m.read(DATA, DATA_SIZE)!;
  after.forEach((v, i) => { if (v !== PATTERN[i]) data.set(i, v); });
  m.write32(SLOT, 0);
  return { kind, pc: m.getPc(), x, sp: m.getSp(), nzcv: m.getNzcv(), data };
}
