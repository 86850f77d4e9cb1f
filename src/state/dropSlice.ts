// The one drop target's router: whatever is dropped (or opened with "Open…") is recognised by
// content (core/dropKind) and goes where it belongs — an image to the inspector, memory listings
// into the layout's inputs, a devicetree to the devicetree slice (which builds the dtb kexec
// loads), a kernel configuration (/boot/config-*, /proc/config.gz) to the kexec target, a
// snapshot to the permalink path.
import type { StateCreator } from 'zustand';
import { SNIFF_BYTES, classifyDrop } from '../core/dropKind';
import { hex } from '../core/bytes/hex';
import { parseConfigInWorker } from '../workers/client';
import type { MemorySource } from './layoutSlice';
import type { AppState } from './store';

export interface DropSlice {
  /** Routes each file in turn, in the order given. */
  openDropped: (files: readonly File[]) => Promise<void>;
}

const EMPTY_TEXT: Extract<MemorySource, { kind: 'text' }> = { kind: 'text', memory: '', reserved: '', iomem: '' };
const lines = (t: string) => t.split('\n').filter((l) => l.trim()).length;

export const createDropSlice: StateCreator<AppState, [], [], DropSlice> = (set, get) => ({
  async openDropped(files) {
    for (const file of files) {
      const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
      const k = classifyDrop(file.name, head, file.size);
      const say = (statusMessage: string) => set({ statusMessage });
      if (k.kind === 'image') {
        await get().openBlob(file.name, file);
        continue;
      }
      if (k.kind === 'snapshot') {
        // the snapshot path knows a snapshot by its type: say so when the name does not
        await get().openBlob(file.name, /\.json$/i.test(file.name) ? file : new Blob([file], { type: 'application/json' }));
        continue;
      }
      const cur = get().layoutSettings.memory;
      const text = cur.kind === 'text' ? cur : EMPTY_TEXT;
      if (k.kind === 'memblock') {
        // without a hint in the name: the first listing is memory, a further one reserved
        const list = k.list ?? (text.memory.trim() ? 'reserved' : 'memory');
        const body = await file.text();
        get().setLayout({ memory: { ...text, [list]: body } });
        get().setTab('layout');
        say(`${file.name}: memblock.${list} listing (${lines(body)} ranges)${k.list ? '' : `, taken as ${list} (the name says neither)`} → Lay out`);
      } else if (k.kind === 'iomem') {
        const body = await file.text();
        // /proc/iomem is the memory source only when no memblock listing is there; beside one it
        // gives the "Crash kernel" line and the -initrd QEMU placed (a QEMU virt dtb's boot chain)
        const asMemory = !text.memory.trim() || !/^\s*\d+:/.test(text.memory);
        get().setLayout({ memory: asMemory ? { ...text, memory: body } : { ...text, iomem: body } });
        get().setTab('layout');
        say(`${file.name}: /proc/iomem${asMemory ? ' as the memory map (an estimate: memblock-only reservations are not in it)' : ', for its Crash kernel and reserved lines'} → Lay out`);
      } else if (k.kind === 'dtb') {
        if (k.error) {
          say(`${file.name}: ${k.error}`);
          continue;
        }
        // the devicetree slice builds the dtb kexec loads from it (of_kexec_alloc_and_setup_fdt)
        get().setTab('layout');
        say(`${file.name}: a devicetree blob${k.totalSize !== undefined ? ` (totalsize ${hex(k.totalSize)})` : ' (gzipped)'} → the dtb segment is built from it, on Lay out`);
        await get().openDevicetree(file.name, file);
      } else if (k.kind === 'kconfig') {
        // parsed in a worker (a gzipped /proc/config.gz inflates there); its facts become the target
        try {
          const { result, sha256 } = await parseConfigInWorker(file);
          if (!result.fields) {
            say(`${file.name}: ${result.errors.map((e) => e.message).join('; ')}`);
            continue;
          }
          get().applyConfigFile(result.fields, file.name, sha256);
          get().setTab('inspect');
          say(`${file.name}: a kernel configuration (${result.fields.optionCount} options${result.fields.kernelVersion ? `, Linux ${result.fields.kernelVersion}` : ''}) → the kexec target, on Inspect`);
        } catch (e) {
          say(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
  },
});
