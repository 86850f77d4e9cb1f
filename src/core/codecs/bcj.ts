// The ARM64 BCJ decoder, as xz's src/liblzma/simple/arm64.c (which `xz --arm64` inverts; v6.12+
// scripts/xz_wrap.sh uses it for arm64): BL and ADRP targets were made absolute by the encoder.
// `pos` is buf[start]'s offset from where the filter started. The JS twin of lzdec.c's bcj_arm64.
export function bcjArm64(buf: Uint8Array, start: number, end: number, pos: number): void {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = start; i + 4 <= end; i += 4) {
    const pc = (pos + i - start) >>> 0;
    let instr = dv.getUint32(i, true);
    if (instr >>> 26 === 0x25) {
      instr = (0x94000000 | ((instr - (pc >>> 2)) & 0x03ffffff)) >>> 0;
    } else if ((instr & 0x9f000000) >>> 0 === 0x90000000) {
      const src = ((instr >>> 29) & 3) | ((instr >>> 3) & 0x001ffffc);
      if ((src + 0x00020000) & 0x001c0000) continue;
      const dest = (src - (pc >>> 12)) >>> 0;
      instr = (instr & 0x9000001f) | ((dest & 3) << 29) | ((dest & 0x0003fffc) << 3) | (-(dest & 0x00020000) & 0x00e00000);
    } else continue;
    dv.setUint32(i, instr >>> 0, true);
  }
}
