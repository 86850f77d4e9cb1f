#!/usr/bin/env bash
# Regenerates tests/oracles/: what independent tools (Debian's llvm-readobj 14, file, xxd,
# openssl) say about each real fixture. The unit tests compare our parser against these
# texts, so every expected value names the tool that produced it.
# Needs: llvm (llvm-readobj), file, xxd, openssl, gzip. Run from the repository root.
set -euo pipefail
FIX=${FIXTURES:-../shared/fixtures}
OUT=tests/oracles
mkdir -p "$OUT"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
one() { # name path
  local name=$1 f=$2
  llvm-readobj --file-headers --sections "$f" > "$OUT/$name.llvm-readobj.txt"
  file -b "$f" > "$OUT/$name.file.txt"
  xxd -l 64 "$f" > "$OUT/$name.xxd.txt"
}
for f in "$FIX"/*.vmlinuz.efi; do one "$(basename "$f" .vmlinuz.efi)" "$f"; done
for f in "$FIX"/*-build.Image.gz; do gzip -dc "$f" > "$tmp/Image"; one "$(basename "$f" .gz)" "$tmp/Image"; done
gzip -dc "$FIX/debian-6.1.0-50-arm64-vmlinuz.gz" > "$tmp/Image"
one debian-6.1.0-50-arm64 "$tmp/Image"
# The Authenticode signer: the certificate table is the last 0x5c0 bytes (llvm-readobj above).
tail -c $((0x5c0 - 8)) "$tmp/Image" > "$tmp/p7.der"
openssl pkcs7 -inform DER -in "$tmp/p7.der" -print > "$OUT/debian-6.1.0-50-arm64.pkcs7.txt"
openssl asn1parse -inform DER -in "$tmp/p7.der" -i > "$OUT/debian-6.1.0-50-arm64.asn1parse.txt"
# 7.2 zboot images built by tests/fixtures-7.2/build.sh, and the Image each payload decompresses
# to: llvm-readobj with the debug directory, binutils objdump -x, python3-pefile's dump.
debug_oracles() { # name path (run in the file's directory, so the oracle names no temporary path)
  local name=$1 d f p
  d=$(dirname "$2"); f=$(basename "$2")
  (cd "$d" && llvm-readobj --coff-debug-directory "$f") > "$OUT/$name.llvm-readobj-debug.txt"
  # no tool decodes an EX_DLLCHARACTERISTICS value (llvm-readobj 14 and 19 stop at the entry):
  # xxd shows the le32 at each entry's PointerToRawData
  for p in $(sed -n 's/^ *PointerToRawData: \(0x[0-9A-F]*\)$/\1/p' "$OUT/$name.llvm-readobj-debug.txt"); do
    xxd -s "$p" -l 4 "$2"
  done > "$OUT/$name.debug-data.xxd.txt"
}
for f in tests/fixtures-7.2/*.vmlinuz.efi; do
  name=$(basename "$f" .vmlinuz.efi)
  one "$name" "$f"
  debug_oracles "$name" "$f"
  (cd tests/fixtures-7.2 && aarch64-linux-gnu-objdump -x "$name.vmlinuz.efi") > "$OUT/$name.objdump.txt"
  /usr/bin/python3 -m pefile "$f" > "$OUT/$name.pefile.txt"
  off=$(od -An -tu4 -j8 -N4 "$f" | tr -d ' '); size=$(od -An -tu4 -j12 -N4 "$f" | tr -d ' ')
  case $(dd if="$f" bs=1 skip=24 count=4 2>/dev/null) in
    gzip) tail -c +$((off + 1)) "$f" | head -c "$size" | gzip -dc > "$tmp/Image" ;;
    zstd) tail -c +$((off + 1)) "$f" | head -c "$size" | zstd -dc > "$tmp/Image" ;;
  esac
  sha256sum < "$tmp/Image" | cut -d' ' -f1 > "$OUT/$name.inner.sha256.txt"
  (cd "$tmp" && llvm-readobj --file-headers --sections Image) > "$OUT/$name.inner.llvm-readobj.txt"
  debug_oracles "$name.inner" "$tmp/Image"
done
