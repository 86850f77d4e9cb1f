#!/usr/bin/env bash
# Regenerates tests/oracles/devicetree/: what the kernel's own libfdt (scripts/dtc/libfdt of
# Debian's linux-source-6.12, compiled here with tests/devicetree/libfdt-oracle.c; the kernel's
# code is not committed) does with the edits of tests/devicetree/edits.ops on each devicetree of
# tests/devicetree/dtbs/ and on the QEMU virt dtb of the kexec ground truth. For every input it
# writes NAME.libfdt.txt (each call, its return code, the block sizes after it) and
# NAME.sha256 (sha256sum of the final blob). Also (re)makes the two derived inputs: a version-16
# blob (dtc -V 16) and one whose strings block precedes its structure block (fdt_open_into()
# must reorder it). Needs: gcc, dtc, python3, gzip. Run from the repository root.
set -euo pipefail
KSRC=${KSRC:-/work/ksrc/linux-source-6.12}
FIX=${FIXTURES:-../shared/fixtures}
IN=tests/devicetree/dtbs
OUT=tests/oracles/devicetree
mkdir -p "$OUT"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$KSRC"/scripts/dtc/libfdt/*.[ch] "$tmp/"
gcc -O1 -I"$tmp" -o "$tmp/oracle" tests/devicetree/libfdt-oracle.c "$tmp"/fdt.c "$tmp"/fdt_ro.c "$tmp"/fdt_rw.c "$tmp"/fdt_wip.c "$tmp"/fdt_addresses.c "$tmp"/fdt_strerror.c

# derived inputs
gzip -dc "$IN/debian-6.1.192-sun50i-a64-pine64-plus.dtb.gz" > "$tmp/pine.dtb"
dtc -q -I dtb -O dtb -V 16 -o "$tmp/v16.dtb" "$tmp/pine.dtb"
gzip -9n < "$tmp/v16.dtb" > "$IN/derived-pine64-plus-v16.dtb.gz"
python3 - "$tmp/pine.dtb" "$tmp/misordered.dtb" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read()
magic, total, ost, ostr, orsv, ver, lcv, boot, sstr, sst = struct.unpack('>10I', b[:40])
rsv_end = ost  # dtc puts the reservation block right before the structure block
rsv, st, strs = b[orsv:rsv_end], b[ost:ost + sst], b[ostr:ostr + sstr]
# header, reservations, strings, padding, structure: valid, but not libfdt's order
body = rsv + strs
pad = (-(40 + len(body))) % 8
nrsv, nstr = 40, 40 + len(rsv)
nst = 40 + len(body) + pad
out = struct.pack('>10I', magic, nst + sst, nst, nstr, nrsv, ver, lcv, boot, sstr, sst) + body + b'\0' * pad + st
open(sys.argv[2], 'wb').write(out)
PY
gzip -9n < "$tmp/misordered.dtb" > "$IN/derived-pine64-plus-misordered.dtb.gz"

run() { # name file.dtb
  "$tmp/oracle" "$2" tests/devicetree/edits.ops "$tmp/$1.out" > "$OUT/$1.libfdt.txt"
  (cd "$tmp" && sha256sum "$1.out") > "$OUT/$1.sha256"
}
for f in "$IN"/*.dtb.gz; do
  n=$(basename "$f" .dtb.gz)
  gzip -dc "$f" > "$tmp/$n.dtb"
  run "$n" "$tmp/$n.dtb"
done
gzip -dc "$FIX/kexec-ground-truth/m1G-initrd4M/qemu-virt.dtb.gz" > "$tmp/gt.dtb"
run ground-truth-m1G-initrd4M-qemu-virt "$tmp/gt.dtb"

# What dtc reads in each input: every node path and its properties in order (for the reader).
for f in "$IN"/*.dtb.gz; do
  n=$(basename "$f" .dtb.gz)
  gzip -dc "$f" | dtc -q -I dtb -O dts - | awk '
    /^\/(dts-v1|memreserve)\// { next }
    /^[ \t]*[^ \t]+ \{$/ { name = $1; path = (depth == 0) ? "/" : ((depth == 1) ? "/" name : stack[depth - 1] "/" name); stack[depth++] = path; print "node " path; next }
    /^[ \t]*\};$/ { depth--; next }
    /^[ \t]*[^ \t=]+( = .*)?;$/ { p = $1; sub(/;$/, "", p); print "prop " stack[depth - 1] " " p }
  ' > "$OUT/$n.dtc-tree.txt"
done

# The source dtc prints for two of them (the devicetree view's .dts download is compared to it).
for n in qemu-efi-1G-stage2 debian-6.1.192-bcm2711-rpi-4-b; do
  gzip -dc "$IN/$n.dtb.gz" | dtc -q -I dtb -O dts - > "$OUT/$n.dts"
done
