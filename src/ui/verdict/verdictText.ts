// Presentation of the verdict rules' prose for the page: the rules (src/core/verdict/) are
// shared with the CLI and cite the recordings and commands that back them; on the page a
// reader gets plain sentences instead of the fixture names, and the button that exists here
// instead of a CLI they may not have.
export interface TextPart {
  code: boolean;
  text: string;
}

/** Drops internal recording names ("kexec-ground-truth/zboot-gzip-rejected") and points the
 * "extract with the CLI" advice at the page's own Download Image button. */
export function forPage(text: string): string {
  return text
    .replace(/:\s*kexec-ground-truth\/[\w-]+(?:\/[\w-]+)*/g, ' under QEMU')
    .replace(/\s*\(?kexec-ground-truth\/[\w-]+(?:\/[\w-]+)*\)?/g, '')
    .replace(/`zboot-explorer extract [^`]*`(?: and load the Image)?/g, 'take the decompressed Image ("Download Image" below) and load that');
}

/** Splits `backticked` spans out as code, so they render as code and not as literal backticks. */
export function codeParts(text: string): TextPart[] {
  return text.split(/(`[^`]+`)/).filter(Boolean).map((t) => (t.startsWith('`') && t.endsWith('`') && t.length > 1 ? { code: true, text: t.slice(1, -1) } : { code: false, text: t }));
}
