// The typed message protocol between the main thread and the analysis workers. Buffers cross
// as transferables: the file (or just its payload) goes in, results come back, nothing is
// copied on the main thread.
import type { SizeWord } from '../core/codecs/trailer';
import type { KernelConfig } from '../core/formats/ikconfig';
import type { Inspection } from '../core/inspect';
import type { ConfigFileResult } from '../core/verdict/configFile';

// Files cross as Blobs (a handle, not the bytes): the worker reads them, so even reading a
// 256 MiB file never runs on the main thread; the bytes come back as a transferred ArrayBuffer.
export type WorkerRequest =
  | { id: number; kind: 'inspect'; file: Blob }
  /** A kernel configuration (/boot/config-*, /proc/config.gz) given as the kexec target. */
  | { id: number; kind: 'config'; file: Blob }
  /** Compile the wasm decoders now (the page is idle), so the first file's decode runs warm; no reply. */
  | { id: number; kind: 'warm' }
  | {
      id: number;
      kind: 'unpack';
      /** The compressed stream only: file[payload_offset : +payload_size], as a Blob slice. */
      payload: Blob;
      compression: string;
      payloadOffset: number;
      sizeWord?: SizeWord;
      /** What holds the stream: a zboot PE (payload) or the whole file (Image.gz …). */
      container?: 'zboot' | 'file';
      maxOutput: number;
      maxRatio: number;
    };

export interface UnpackedMessage {
  codec: string;
  decoder: string;
  data: ArrayBuffer;
  inner: Inspection;
  banner?: { offset: number; text: string };
  config?: KernelConfig | { offset: number; error: string };
  kexecToolsLength: number;
  warnings: string[];
  ms: number;
}

export type WorkerResponse =
  | { id: number; kind: 'inspected'; inspection: Inspection; buffer: ArrayBuffer }
  | { id: number; kind: 'progress'; inBytes: number; outBytes: number }
  | { id: number; kind: 'config-parsed'; result: ConfigFileResult; sha256: string }
  | ({ id: number; kind: 'unpacked' } & UnpackedMessage)
  | { id: number; kind: 'failed'; message: string; offset?: number; buffer?: ArrayBuffer };
