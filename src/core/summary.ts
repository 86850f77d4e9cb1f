// The few facts a kernel engineer reads first, derived from an Inspection (pure, shared by the
// summary card and the CLI text output).
import { hexSize } from './bytes/hex';
import type { Inspection } from './inspect';

/** How the summary names a verification outcome (core/signature/verify.ts). */
export const SIGNATURE_STATE = { unsigned: 'not signed', intact: 'intact', modified: 'modified after signing', invalid: 'signature invalid' } as const;

export interface SummaryItem {
  label: string;
  value: string;
  /** Field id the value comes from, so the card links into the tree. */
  fieldId?: string;
}

export interface Summary {
  title: string;
  items: SummaryItem[];
  signed: boolean;
  signer?: string;
}

export function summarize(ins: Inspection): Summary {
  const items: SummaryItem[] = [
    { label: 'Format', value: ins.description },
    { label: 'Architecture', value: ins.arch ?? 'unknown' },
    { label: 'File size', value: hexSize(ins.size) },
  ];
  if (ins.compressed) items.push({ label: 'Compression', value: `${ins.compressed.codec} (the whole file; the Image is inside)`, fieldId: 'compressed' });
  if (ins.zboot) {
    items.push({ label: 'Compression', value: ins.zboot.compression ?? '?', fieldId: 'zboot/compression_type' });
    if (ins.zboot.payloadSize !== undefined) items.push({ label: 'Payload', value: hexSize(ins.zboot.payloadSize), fieldId: 'zboot/payload_size' });
  }
  if (ins.pe?.sizeOfImage !== undefined) items.push({ label: 'SizeOfImage', value: hexSize(ins.pe.sizeOfImage), fieldId: 'pe/optional/SizeOfImage' });
  if (ins.image?.imageSize !== undefined) items.push({ label: 'image_size', value: hexSize(ins.image.imageSize), fieldId: 'image/image_size' });
  if (ins.image?.textOffset !== undefined) items.push({ label: 'text_offset', value: hexSize(ins.image.textOffset), fieldId: 'image/text_offset' });
  if (ins.image?.pageSize) items.push({ label: 'Page size', value: `${ins.image.pageSize / 1024} KiB`, fieldId: 'image/flags' });
  if (ins.bzimage?.protocolVersion) items.push({ label: 'Boot protocol', value: ins.bzimage.protocolVersion, fieldId: 'bzimage/version' });
  const signer = ins.certificates?.find((c) => c.signer)?.signer;
  const signed = (ins.certificates?.length ?? 0) > 0;
  items.push({ label: 'Signed', value: signed ? `yes — ${signer?.subject ?? signer?.issuer ?? 'unparsed signature'}` : 'no certificate table', fieldId: signed ? 'pe/certs' : undefined });
  if (ins.signature && ins.signature.state !== 'unsigned') {
    const v = ins.signature;
    items.push({ label: 'Signature', value: `${SIGNATURE_STATE[v.state]}${v.errno ? ` (-${v.errno})` : ''}; chain to CA: ${v.chain}`, fieldId: 'pe/certs/verification' });
  }
  const s: Summary = { title: ins.description, items, signed };
  if (signer) s.signer = signer.subject ?? signer.issuer;
  return s;
}
