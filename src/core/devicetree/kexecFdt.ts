// The devicetree kexec_file_load hands the next kernel: of_kexec_alloc_and_setup_fdt()
// (drivers/of/kexec.c) in the kernel's order, then fdt_pack() as arm64's load_other_segments()
// (arch/arm64/kernel/machine_kexec_file.c) does. Checked against Debian's linux-source-6.1
// (6.1.192), -6.12 (6.12.117) and -7.2 (7.2.13): 6.1 and 6.12 build the same tree (6.12 only
// brackets linux,usable-memory-range with CONFIG_CRASH_DUMP); 7.2 adds linux,dmcryptkeys for a
// crash image with dm-crypt keys and the KHO properties linux,kho-fdt / linux,kho-scratch.
// Versions between 6.12 and 7.2 were not read: anything newer than 6.12 gets 7.2's recipe.
import { hex } from '../bytes/hex';
import { type KernelVersion, atLeast } from '../kexec/arm64';
import { type Fdt, fdtOpenInto, fdtStrerror, FDT_ERR } from './libfdt';

/** FDT_EXTRA_SPACE (drivers/of/kexec.c). */
export const FDT_EXTRA_SPACE = 0x1000;
/** RNG_SEED_SIZE (drivers/of/kexec.c). */
export const RNG_SEED_SIZE = 128;

export interface KexecFdtInput {
  /** The blob the running kernel booted with (initial_boot_params, /sys/firmware/fdt). */
  initialBootParams: Uint8Array;
  /** initial_boot_params_pa: where that blob lies, to drop its memory reservation (unknown: none is dropped). */
  initialBootParamsPa?: bigint;
  /** 6.1, 6.12 or 7.2 semantics (7.x: KHO, dm-crypt keys). */
  version: KernelVersion;
  pageSize: bigint;
  /** initrd_load_addr / initrd_len; undefined: no initrd (KEXEC_FILE_NO_INITRAMFS). */
  initrd?: { addr: bigint; len: bigint };
  /** The new command line without its NUL; undefined: the syscall passed none (cmdline_len 0). */
  cmdline?: string;
  /** KEXEC_TYPE_CRASH: elfcorehdr placement and crashk_res (and crashk_low_res). */
  crash?: { elfAddr: bigint; elfSize: bigint; crashk: { start: bigint; end: bigint }; crashkLow?: { start: bigint; end: bigint }; dmCryptKeys?: { addr: bigint; size: bigint } };
  /** rng_is_initialized() at load time: kaslr-seed and rng-seed are written only then. */
  rngInitialized: boolean;
  /** The values get_random_u64()/get_random_bytes() would give; zeros when absent. */
  seeds?: { kaslr: bigint; rng: Uint8Array };
  /** CONFIG_IMA_KEXEC with a measurement buffer: image->ima_buffer_addr/size. */
  ima?: { addr: bigint; size: bigint };
  /** 7.x CONFIG_KEXEC_HANDOVER with an active KHO image: image->kho.fdt and the scratch segment. */
  kho?: { fdt: bigint; scratchMem: bigint; scratchLen: bigint };
}

export interface FdtStep {
  /** The libfdt call as the kernel makes it. */
  call: string;
  /** 0 or libfdt's error name. */
  result: string;
  /** What it did to the blob (bytes of structure / strings / reservations), when anything. */
  effect?: string;
}

export interface KexecFdtResult {
  /** The packed blob: its length is the dtb segment's bufsz. */
  dtb?: Uint8Array;
  /** fdt_size: the buffer the kernel allocated before packing. */
  bufferSize: number;
  steps: FdtStep[];
  error?: string;
}

/** Records each libfdt call and how it changed the blob's blocks, for the "why" of every byte. */
export class FdtLog {
  readonly steps: FdtStep[] = [];
  constructor(private readonly fdt: Fdt) {}
  /** `errno`: the result is a kernel errno (fdt_find_and_del_mem_rsv()), not an FDT_ERR code. */
  call(call: string, f: () => number, errno = false): number {
    const before = this.sizes();
    const r = f();
    const after = this.sizes();
    const d = (k: keyof typeof before, label: string) => (after[k] !== before[k] ? `${label} ${after[k] > before[k] ? '+' : ''}${after[k] - before[k]}` : '');
    const effect = [d('struct', 'structure'), d('strings', 'strings'), d('rsv', 'reservations')].filter(Boolean).join(', ');
    this.steps.push({ call, result: r < 0 ? (errno ? ERRNO_NAMES[-r] ?? String(r) : fdtStrerror(r)) : '0', ...(effect ? { effect } : {}) });
    return r;
  }
  private sizes() {
    const n = this.fdt.numMemRsv();
    return { struct: this.fdt.hdr('sizeDtStruct'), strings: this.fdt.hdr('sizeDtStrings'), rsv: n < 0 ? 0 : n * 16 };
  }
}

const newerThan612 = (v: KernelVersion) => atLeast(v, 6, 13);

/** of_read_number(): big-endian cells to a number (the kernel reads len / 4 cells). */
function readNumber(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i + 4 <= b.length; i += 4) v = (v << 32n) | BigInt(new DataView(b.buffer, b.byteOffset + i, 4).getUint32(0));
  return BigInt.asUintN(64, v);
}

const ERRNO_NAMES: Record<number, string> = { 2: '-ENOENT', 22: '-EINVAL' };

/** fdt_find_and_del_mem_rsv() (drivers/of/kexec.c): 0, or -ENOENT (-2), or -EINVAL (-22). */
function findAndDelMemRsv(fdt: Fdt, start: bigint, size: bigint): number {
  const n = fdt.numMemRsv();
  for (let i = 0; i < n; i++) {
    const r = fdt.getMemRsv(i);
    if (typeof r === 'number') return -22; // "Malformed device tree."
    if (r.address === start && r.size === size) return fdt.delMemRsv(i) ? -22 : 0;
  }
  return -2;
}

/** do_get_kexec_buffer() (drivers/of/kexec.c): <addr size> in the root's cells. */
function readAddrRange(fdt: Fdt, v: Uint8Array): { addr: bigint; size: bigint } | undefined {
  const ac = fdt.addressCells(0);
  const sc = fdt.sizeCells(0);
  if (ac < 0 || sc < 0 || v.length < 4 * (ac + sc)) return undefined;
  return { addr: readNumber(v.subarray(0, 4 * ac)), size: readNumber(v.subarray(4 * ac, 4 * (ac + sc))) };
}

export function ofKexecAllocAndSetupFdt(inp: KexecFdtInput): KexecFdtResult {
  const src = inp.initialBootParams;
  const total = src.length >= 8 ? new DataView(src.buffer, src.byteOffset, 8).getUint32(4) : 0;
  const bufferSize = total + (inp.cmdline !== undefined ? new TextEncoder().encode(inp.cmdline).length : 0) + FDT_EXTRA_SPACE;
  const opened = fdtOpenInto(src, bufferSize);
  if ('error' in opened) {
    return { bufferSize, steps: [{ call: `fdt_open_into(initial_boot_params, fdt, ${hex(bufferSize)})`, result: fdtStrerror(opened.error) }], error: `Error ${opened.error} setting up the new device tree (${fdtStrerror(opened.error)})` };
  }
  const fdt = opened.fdt;
  const log = new FdtLog(fdt);
  log.steps.push({ call: `fdt_open_into(initial_boot_params, fdt, ${hex(bufferSize)}) — fdt_totalsize ${hex(total)} + strlen(cmdline) + FDT_EXTRA_SPACE`, result: '0' });
  const fail = (what: string, r: number): KexecFdtResult => ({ bufferSize, steps: log.steps, error: `${what}: ${r < -FDT_ERR.ALIGNMENT ? `errno ${-r}` : fdtStrerror(r)} — of_kexec_alloc_and_setup_fdt() returns NULL, the load fails with EINVAL ("Preparing for new dtb failed")` });

  if (inp.initialBootParamsPa !== undefined) {
    const pa = inp.initialBootParamsPa;
    const r = log.call(`fdt_find_and_del_mem_rsv(fdt, initial_boot_params_pa ${hex(pa)}, ${hex(total)})`, () => findAndDelMemRsv(fdt, pa, BigInt(total)), true);
    if (r === -22) return fail('Error removing memory reservation', r);
  } else {
    log.steps.push({ call: 'fdt_find_and_del_mem_rsv(fdt, initial_boot_params_pa, fdt_totalsize) — the blob\'s address is not known here: no reservation is matched', result: 'skipped' });
  }

  let chosen = fdt.pathOffset('/chosen');
  if (chosen === -FDT_ERR.NOTFOUND) chosen = log.call('fdt_add_subnode(fdt, /, "chosen")', () => fdt.addSubnode(fdt.pathOffset('/'), 'chosen'));
  if (chosen < 0) return fail('no /chosen', chosen);
  const c = chosen;
  const del = (name: string): number => {
    const r = log.call(`fdt_delprop(/chosen, "${name}")`, () => fdt.delprop(c, name));
    return r === -FDT_ERR.NOTFOUND ? 0 : r;
  };

  for (const p of ['linux,elfcorehdr', 'linux,usable-memory-range']) {
    const r = del(p);
    if (r) return fail(`fdt_delprop ${p}`, r);
  }

  // "Did we boot using an initrd?" — drop the reservation of the old one (exact or page-rounded).
  const oldStart = fdt.getprop(c, 'linux,initrd-start');
  if (typeof oldStart !== 'number') {
    const oldEnd = fdt.getprop(c, 'linux,initrd-end');
    if (typeof oldEnd === 'number') return fail('linux,initrd-start without linux,initrd-end', -22);
    const s = readNumber(oldStart);
    const size = BigInt.asUintN(64, readNumber(oldEnd) - s);
    let r = log.call(`fdt_find_and_del_mem_rsv(fdt, old initrd ${hex(s)}, ${hex(size)})`, () => findAndDelMemRsv(fdt, s, size), true);
    if (r === -2) {
      const rounded = ((size + inp.pageSize - 1n) / inp.pageSize) * inp.pageSize;
      r = log.call(`fdt_find_and_del_mem_rsv(fdt, old initrd ${hex(s)}, round_up(size, PAGE_SIZE) ${hex(rounded)})`, () => findAndDelMemRsv(fdt, s, rounded), true);
    }
    if (r === -22) return fail('Error removing the old initrd reservation', r);
  }

  if (inp.initrd && inp.initrd.addr) {
    const { addr, len } = inp.initrd;
    for (const [name, v] of [['linux,initrd-start', addr], ['linux,initrd-end', addr + len]] as const) {
      const r = log.call(`fdt_setprop_u64(/chosen, "${name}", ${hex(v)})`, () => fdt.setpropU64(c, name, v));
      if (r) return fail(`fdt_setprop_u64 ${name}`, r);
    }
    const r = log.call(`fdt_add_mem_rsv(fdt, ${hex(addr)}, ${hex(len)})`, () => fdt.addMemRsv(addr, len));
    if (r) return fail('fdt_add_mem_rsv initrd', r);
  } else {
    for (const p of ['linux,initrd-start', 'linux,initrd-end']) {
      const r = del(p);
      if (r) return fail(`fdt_delprop ${p}`, r);
    }
  }

  if (inp.crash) {
    const k = inp.crash;
    const range = (name: string, a: bigint, s: bigint) => log.call(`fdt_appendprop_addrrange(fdt, 0, /chosen, "${name}", ${hex(a)}, ${hex(s)})`, () => fdt.appendpropAddrrange(0, c, name, a, s));
    let r = range('linux,elfcorehdr', k.elfAddr, k.elfSize);
    if (r) return fail('linux,elfcorehdr', r);
    r = log.call(`fdt_add_mem_rsv(fdt, ${hex(k.elfAddr)}, ${hex(k.elfSize)})`, () => fdt.addMemRsv(k.elfAddr, k.elfSize));
    if (r) return fail('fdt_add_mem_rsv elfcorehdr', r);
    if (newerThan612(inp.version) && k.dmCryptKeys && k.dmCryptKeys.addr) {
      const d = k.dmCryptKeys;
      r = range('linux,dmcryptkeys', d.addr, d.size);
      if (r) return fail('linux,dmcryptkeys', r);
      r = log.call(`fdt_add_mem_rsv(fdt, ${hex(d.addr)}, ${hex(d.size)})`, () => fdt.addMemRsv(d.addr, d.size));
      if (r) return fail('fdt_add_mem_rsv dmcryptkeys', r);
    }
    r = range('linux,usable-memory-range', k.crashk.start, k.crashk.end - k.crashk.start + 1n);
    if (r) return fail('linux,usable-memory-range', r);
    if (k.crashkLow && k.crashkLow.end) {
      r = range('linux,usable-memory-range', k.crashkLow.start, k.crashkLow.end - k.crashkLow.start + 1n);
      if (r) return fail('linux,usable-memory-range (crashk_low_res)', r);
    }
  }

  if (newerThan612(inp.version)) {
    // kho_add_chosen() (7.x, CONFIG_KEXEC_HANDOVER): stale properties go, new ones only for a KHO image.
    for (const p of ['linux,kho-fdt', 'linux,kho-scratch']) {
      const r = del(p);
      if (r) return fail(`fdt_delprop ${p}`, r);
    }
    if (inp.kho) {
      const k = inp.kho;
      let r = log.call(`fdt_appendprop_addrrange(fdt, 0, /chosen, "linux,kho-fdt", ${hex(k.fdt)}, PAGE_SIZE)`, () => fdt.appendpropAddrrange(0, c, 'linux,kho-fdt', k.fdt, inp.pageSize));
      if (r) return fail('linux,kho-fdt', r);
      r = log.call(`fdt_appendprop_addrrange(fdt, 0, /chosen, "linux,kho-scratch", ${hex(k.scratchMem)}, ${hex(k.scratchLen)})`, () => fdt.appendpropAddrrange(0, c, 'linux,kho-scratch', k.scratchMem, k.scratchLen));
      if (r) return fail('linux,kho-scratch', r);
    }
  }

  if (inp.cmdline !== undefined) {
    const s = inp.cmdline;
    const r = log.call(`fdt_setprop_string(/chosen, "bootargs", "${s}")`, () => fdt.setpropString(c, 'bootargs', s));
    if (r) return fail('bootargs', r);
  } else {
    const r = del('bootargs');
    if (r) return fail('fdt_delprop bootargs', r);
  }

  const r0 = del('kaslr-seed');
  if (r0) return fail('fdt_delprop kaslr-seed', r0);
  const seeds = inp.seeds ?? { kaslr: 0n, rng: new Uint8Array(RNG_SEED_SIZE) };
  if (inp.rngInitialized) {
    let r = log.call('fdt_setprop_u64(/chosen, "kaslr-seed", get_random_u64())', () => fdt.setpropU64(c, 'kaslr-seed', seeds.kaslr));
    if (r) return fail('kaslr-seed', r);
    r = log.call(`fdt_setprop_placeholder(/chosen, "rng-seed", RNG_SEED_SIZE ${RNG_SEED_SIZE}) + get_random_bytes()`, () => fdt.setprop(c, 'rng-seed', seeds.rng.subarray(0, RNG_SEED_SIZE)));
    if (r) return fail('rng-seed', r);
  } else {
    log.steps.push({ call: 'RNG is not initialised: omitting "kaslr-seed" property', result: 'skipped' });
    log.steps.push({ call: 'RNG is not initialised: omitting "rng-seed" property', result: 'skipped' });
  }

  let r = log.call('fdt_setprop(/chosen, "linux,booted-from-kexec", NULL, 0)', () => fdt.setprop(c, 'linux,booted-from-kexec', new Uint8Array(0)));
  if (r) return fail('linux,booted-from-kexec', r);

  // remove_ima_buffer() (drivers/of/kexec.c) acts under CONFIG_HAVE_IMA_KEXEC, which arm64
  // selects with CONFIG_IMA (arch/arm64/Kconfig): assumed here, as Debian's kernels have IMA; a
  // tree only carries the property when the kernel before it had IMA too.
  const ima = fdt.getprop(c, 'linux,ima-kexec-buffer');
  if (typeof ima !== 'number') {
    const old = readAddrRange(fdt, ima);
    log.call('fdt_delprop(/chosen, "linux,ima-kexec-buffer")', () => fdt.delprop(c, 'linux,ima-kexec-buffer'));
    if (old) log.call(`fdt_find_and_del_mem_rsv(fdt, old IMA buffer ${hex(old.addr)}, ${hex(old.size)})`, () => findAndDelMemRsv(fdt, old.addr, old.size), true);
  }
  if (inp.ima && inp.ima.size) {
    const { addr, size } = inp.ima;
    const c2 = fdt.pathOffset('/chosen');
    r = log.call(`fdt_appendprop_addrrange(fdt, 0, /chosen, "linux,ima-kexec-buffer", ${hex(addr)}, ${hex(size)})`, () => fdt.appendpropAddrrange(0, c2, 'linux,ima-kexec-buffer', addr, size));
    if (r < 0) return fail('setup_ima_buffer', -22);
    r = log.call(`fdt_add_mem_rsv(fdt, ${hex(addr)}, ${hex(size)})`, () => fdt.addMemRsv(addr, size));
    if (r) return fail('setup_ima_buffer', -22);
  }

  // load_other_segments(): "trim it"
  r = log.call('fdt_pack(dtb)', () => fdt.pack());
  if (r) return fail('fdt_pack', r);
  return { dtb: fdt.bytes(), bufferSize, steps: log.steps };
}
