// One zustand store, one small slice per concern. Views read slices; core knows nothing of this.
import { create } from 'zustand';
import { type DevicetreeSlice, createDevicetreeSlice } from './devicetreeSlice';
import { type DropSlice, createDropSlice } from './dropSlice';
import { type EmulatorSlice, createEmulatorSlice } from './emulatorSlice';
import { type FileSlice, createFileSlice } from './fileSlice';
import { type LayoutSlice, createLayoutSlice } from './layoutSlice';
import { type SelectionSlice, createSelectionSlice } from './selectionSlice';
import { type ShareSlice, createShareSlice } from './shareSlice';
import { type SignatureSlice, createSignatureSlice } from './signatureSlice';
import { type StepSlice, createStepSlice } from './stepSlice';
import { type UiSlice, createUiSlice } from './uiSlice';
import { type UnpackSlice, createUnpackSlice } from './unpackSlice';
import { type VerdictSlice, createVerdictSlice } from './verdictSlice';

export type AppState = DropSlice & FileSlice & SelectionSlice & UnpackSlice & LayoutSlice & StepSlice & ShareSlice & VerdictSlice & UiSlice & DevicetreeSlice & EmulatorSlice & SignatureSlice;

export const useStore = create<AppState>()((...a) => ({
  ...createDropSlice(...a),
  ...createFileSlice(...a),
  ...createSelectionSlice(...a),
  ...createUnpackSlice(...a),
  ...createLayoutSlice(...a),
  ...createStepSlice(...a),
  ...createShareSlice(...a),
  ...createVerdictSlice(...a),
  ...createUiSlice(...a),
  ...createDevicetreeSlice(...a),
  ...createEmulatorSlice(...a),
  ...createSignatureSlice(...a),
}));
