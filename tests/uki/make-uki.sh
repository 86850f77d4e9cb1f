#!/usr/bin/env bash
# Builds tests/uki/uki-arm64-zboot.efi, a Unified Kernel Image made the documented way
# (systemd's ukify(1)/objcopy recipe): Debian's arm64 systemd-stub plus sections added with
# objcopy. Its .linux is the real 6.12 arm64 gzip zboot fixture, so the UKI nests a zboot image.
#
# Needs (Debian 12): the arm64 package of systemd-boot-efi and an aarch64 objcopy:
#   dpkg --add-architecture arm64 && apt-get update
#   apt-get download systemd-boot-efi:arm64          # 252.39-1~deb12u2 was used
#   apt-get install binutils-aarch64-linux-gnu
# Run from the repository root: bash tests/uki/make-uki.sh path/to/systemd-boot-efi_*_arm64.deb
set -euo pipefail
deb=${1:?usage: make-uki.sh systemd-boot-efi_VERSION_arm64.deb}
FIX=${FIXTURES:-../shared/fixtures}
out=tests/uki/uki-arm64-zboot.efi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp/x"
stub="$tmp/x/usr/lib/systemd/boot/efi/linuxaa64.efi.stub"
printf 'console=ttyAMA0 rdinit=/init' > "$tmp/cmdline"
printf 'ID=debian\nVERSION_ID=12\nPRETTY_NAME="zboot-explorer test UKI"\n' > "$tmp/osrel"
printf '6.12.117' > "$tmp/uname"
aarch64-linux-gnu-objcopy \
  --add-section .osrel="$tmp/osrel" --change-section-vma .osrel=0x20000 \
  --add-section .cmdline="$tmp/cmdline" --change-section-vma .cmdline=0x30000 \
  --add-section .uname="$tmp/uname" --change-section-vma .uname=0x40000 \
  --add-section .linux="$FIX/arm64-6.12.117-tiny-zboot-gzip.vmlinuz.efi" --change-section-vma .linux=0x2000000 \
  "$stub" "$out"
llvm-readobj --file-headers --sections "$out" > tests/oracles/uki-arm64-zboot.llvm-readobj.txt
file -b "$out" > tests/oracles/uki-arm64-zboot.file.txt
xxd -l 64 "$out" > tests/oracles/uki-arm64-zboot.xxd.txt
