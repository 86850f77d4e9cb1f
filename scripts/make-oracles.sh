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
