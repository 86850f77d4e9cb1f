#!/usr/bin/env bash
# Recipe for the signed test fixtures in this folder, and the sbverify / osslsigncode oracles in
# tests/oracles/ that the signature tests compare against. Run from the repository root.
# Needs: openssl, sbsigntool (sbsign, sbverify), osslsigncode, python3.
#   test-ca.pem      a throw-away CA made here (its key is not kept: re-running makes a new CA
#                    and new signatures, and the oracles must then be regenerated with it)
#   other-ca.pem     an unrelated CA: the "chain to CA: no" case
#   *.signed.efi     tests/fixtures-7.2/arm64-7.2.13-clang-bti-sbat-zboot-gzip.vmlinuz.efi signed
#                    with `sbsign` by a signer certificate that test-ca.pem issued
# The tampered variants are not committed; tests and this script derive them alike:
#   text-byte   the byte at .text PointerToRawData + 0x10 XOR 0x01
#   cut-short   the last 16 bytes removed (the certificate table then runs past the end)
set -euo pipefail
HERE=tests/signing
ORA=tests/oracles
IN=tests/fixtures-7.2/arm64-7.2.13-clang-bti-sbat-zboot-gzip.vmlinuz.efi
NAME=arm64-7.2.13-clang-bti-sbat-zboot-gzip
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
subj() { echo "/CN=$1/O=zboot-explorer tests"; }
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 36500 -subj "$(subj 'zboot-explorer test CA')" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign \
  -keyout "$tmp/ca.key" -out "$HERE/test-ca.pem"
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 36500 -subj "$(subj 'zboot-explorer unrelated CA')" \
  -keyout "$tmp/other.key" -out "$HERE/other-ca.pem"
openssl req -newkey rsa:2048 -nodes -sha256 -subj "$(subj 'zboot-explorer test signer')" -keyout "$tmp/signer.key" -out "$tmp/signer.csr"
printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=codeSigning\n' > "$tmp/ext"
openssl x509 -req -in "$tmp/signer.csr" -CA "$HERE/test-ca.pem" -CAkey "$tmp/ca.key" -CAcreateserial -days 36500 -sha256 \
  -extfile "$tmp/ext" -out "$tmp/signer.pem"
sbsign --key "$tmp/signer.key" --cert "$tmp/signer.pem" --output "$HERE/$NAME.signed.efi" "$IN"

# variants SRC DIR: DIR/signed.efi, DIR/text-byte.efi, DIR/cut-short.efi
variants() {
  mkdir -p "$2"; cp "$1" "$2/signed.efi"
  python3 - "$1" "$2" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
pe = struct.unpack_from('<I', b, 0x3c)[0]
nsec, optsz = struct.unpack_from('<H', b, pe + 6)[0], struct.unpack_from('<H', b, pe + 20)[0]
sec = pe + 24 + optsz
for i in range(nsec):
    if bytes(b[sec + 40 * i: sec + 40 * i + 8]).rstrip(b'\0') == b'.text':
        ptr = struct.unpack_from('<I', b, sec + 40 * i + 20)[0]
t = bytearray(b); t[ptr + 0x10] ^= 1
open(sys.argv[2] + '/text-byte.efi', 'wb').write(t)
open(sys.argv[2] + '/cut-short.efi', 'wb').write(b[:-16])
PY
}
# oracles NAME DIR LABEL=CA.pem...: sbverify against each CA, osslsigncode against the first
oracles() {
  local name=$1 dir=$2; shift 2
  local v pair label ca
  for v in signed text-byte cut-short; do
    for pair in "$@"; do
      label=${pair%%=*}; ca=${pair#*=}
      { echo "\$ sbverify --cert $label.pem $v.efi"; sbverify --cert "$ca" "$dir/$v.efi" 2>&1 && echo "exit 0" || echo "exit $?"; } > "$ORA/$name.$v.sbverify-$label.txt"
    done
    label=${1%%=*}; ca=${1#*=}
    { echo "\$ osslsigncode verify -CAfile $label.pem -in $v.efi"; osslsigncode verify -CAfile "$ca" -in "$dir/$v.efi" 2>&1 | grep -v '^CAfile\|^TSA\|^CRLfile' && echo "exit 0" || echo "exit $?"; } > "$ORA/$name.$v.osslsigncode.txt"
  done
}
variants "$HERE/$NAME.signed.efi" "$tmp/own"
oracles "$NAME" "$tmp/own" "test-ca=$HERE/test-ca.pem" "other-ca=$HERE/other-ca.pem"
# Debian's real signed Image against Debian's Secure Boot CA (debian-uefi-ca.der here, from
# Debian's shim-unsigned 16.1-2~deb12u1, /usr/share/shim/debian-uefi-ca.der).
FIX=${FIXTURES:-../shared/fixtures}
gzip -dc "$FIX/debian-6.1.0-50-arm64-vmlinuz.gz" > "$tmp/debian.efi"
openssl x509 -inform DER -in "$HERE/debian-uefi-ca.der" -out "$tmp/debian-uefi-ca.pem"
variants "$tmp/debian.efi" "$tmp/debian"
oracles debian-6.1.0-50-arm64 "$tmp/debian" "debian-uefi-ca=$tmp/debian-uefi-ca.pem" "other-ca=$HERE/other-ca.pem"
