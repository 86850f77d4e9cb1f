// The typed message protocol between the main thread and the analysis worker. Buffers cross
// as transferables both ways: the worker gets the file's ArrayBuffer and hands it back with
// the result, so a 60 MB kernel is never copied.
import type { Inspection } from '../core/inspect';

export type WorkerRequest = { id: number; kind: 'inspect'; buffer: ArrayBuffer };

export type WorkerResponse =
  | { id: number; kind: 'inspected'; inspection: Inspection; buffer: ArrayBuffer }
  | { id: number; kind: 'failed'; message: string; buffer?: ArrayBuffer };
