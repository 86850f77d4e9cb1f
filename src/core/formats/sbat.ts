// The .sbat section: shim's Secure Boot Advanced Targeting metadata, a CSV text embedded by
// drivers/firmware/efi/libstub/zboot-header.S (.incbin CONFIG_EFI_SBAT_FILE, 7.x) and by
// systemd-stub in UKIs. zboot.lds aligns the section to 4 KiB and pads it with zeros, so the
// text ends at the first NUL. Each record is
//   component_name,component_generation,vendor_name,vendor_package_name,vendor_version,vendor_url
// (shim SBAT.md); the first must be the format's own "sbat,1,…" record. Like shim's parser,
// fields are split at every comma (there is no quoting) and records at newlines.
import type { Field } from '../bytes/field';
import { hex } from '../bytes/hex';
import type { ByteView, ParseLog } from '../bytes/reader';
import { type PeHeaders, sectionByName } from './pe';

const SRC = 'drivers/firmware/efi/libstub/zboot-header.S';
/** Real SBAT texts have a handful of records; a hostile section is capped. */
export const MAX_SBAT_RECORDS = 256;
const COLUMNS = ['component_name', 'component_generation', 'vendor_name', 'vendor_package_name', 'vendor_version', 'vendor_url'] as const;

export interface SbatRecord {
  /** File offset of the record's first byte. */
  offset: number;
  fields: string[];
}

export interface Sbat {
  /** File offset (PointerToRawData) and size (SizeOfRawData, clipped to the file) of the section. */
  offset: number;
  size: number;
  /** The CSV up to the first NUL. */
  text: string;
  records: SbatRecord[];
}

export const SBAT_COLUMNS: readonly string[] = COLUMNS;

export function parseSbat(view: ByteView, pe: PeHeaders, log: ParseLog, id = 'sbat'): { sbat?: Sbat; field?: Field } {
  const s = sectionByName(pe, '.sbat');
  if (!s || s.sizeOfRawData === 0) return {};
  const rel = s.pointerToRawData - view.base;
  const bytes = view.slice(rel, s.sizeOfRawData);
  const nul = bytes.indexOf(0);
  const textBytes = nul === -1 ? bytes : bytes.subarray(0, nul);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(textBytes);
  const offset = view.base + Math.max(0, rel);
  const sbat: Sbat = { offset, size: bytes.length, text, records: [] };
  const rows: Field[] = [];
  let pos = 0;
  const lines = text.split('\n');
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li] as string;
    const lineBytes = new TextEncoder().encode(line).length;
    const at = offset + pos;
    pos += lineBytes + 1;
    const trimmed = line.replace(/\r$/, '');
    if (trimmed === '') continue;
    if (sbat.records.length >= MAX_SBAT_RECORDS) {
      log.warn(at, `.sbat holds more than ${MAX_SBAT_RECORDS} records; the rest are not listed`);
      break;
    }
    const cols = trimmed.split(',');
    sbat.records.push({ offset: at, fields: cols });
    if (cols.length < 2) log.warn(at, `.sbat record ${sbat.records.length} at ${hex(at)} has ${cols.length} field; shim needs at least component_name and component_generation`);
    else if (!/^[0-9]+$/.test(cols[1] as string)) log.warn(at, `.sbat record ${sbat.records.length} at ${hex(at)}: component_generation ${JSON.stringify(cols[1])} is not a number`);
    rows.push({
      id: `${id}/${sbat.records.length - 1}`,
      name: cols[0] || `record ${sbat.records.length - 1}`,
      offset: at,
      size: lineBytes,
      display: trimmed,
      value: trimmed,
      meaning: sbat.records.length === 1 ? 'the SBAT format record (sbat,1,…)' : `component ${cols[0] ?? ''} at generation ${cols[1] ?? '?'}: shim refuses it when its revocation list demands a higher one`,
      children: columnFields(cols, at, `${id}/${sbat.records.length - 1}`),
    });
  }
  if (sbat.records.length && sbat.records[0]!.fields[0] !== 'sbat') {
    log.warn(sbat.records[0]!.offset, `.sbat does not start with the "sbat,1,…" format record (found ${JSON.stringify(sbat.records[0]!.fields[0])})`);
  }
  const field: Field = {
    id,
    name: '.sbat (SBAT metadata)',
    offset,
    size: bytes.length,
    display: `${sbat.records.length} record${sbat.records.length === 1 ? '' : 's'}`,
    meaning: 'Secure Boot Advanced Targeting: per-component generation numbers shim checks against its revocations (CONFIG_EFI_SBAT_FILE)',
    source: SRC,
    children: rows,
  };
  return { sbat, field };
}

/** One field per CSV column, each over its own bytes (so the hex view selects just that value). */
function columnFields(cols: string[], at: number, id: string): Field[] {
  const enc = new TextEncoder();
  let off = at;
  return cols.map((c, i) => {
    const size = enc.encode(c).length;
    const f: Field = {
      id: `${id}/${i}`,
      name: COLUMNS[i] ?? `extra field ${i}`,
      offset: off,
      size,
      display: c,
      value: c,
      meaning: i < COLUMNS.length ? `SBAT ${COLUMNS[i]}` : 'a field beyond the six SBAT defines',
    };
    off += size + 1;
    return f;
  });
}
