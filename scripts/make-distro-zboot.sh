#!/usr/bin/env bash
# Makes the distro-sized zboot image the emulator bench runs (issue 17): Debian sid's 7.2 arm64
# Image (linux-binary-7.2.13+deb14-arm64, a 46 MiB plain Image — Debian builds without
# CONFIG_EFI_ZBOOT) packed by the 7.2 kernel's own zboot build (drivers/firmware/efi/libstub/
# Makefile.zboot, as arch/arm64/boot/Makefile includes it), with Debian's 7.2 configuration plus
# CONFIG_EFI_ZBOOT=y. The result is 20-odd MiB: kept out of the repository, in the bench cache (node_modules/.cache/zboot-bench).
#
# Only the zboot wrapper is built, not the kernel: prepare, libstub's lib.a and zboot-header.o come
# from make; the Makefile.zboot steps that would need vmlinux are done here, each as that file does
# it. Its one input from vmlinux, zboot_code_size (= _kernel_codesize = __inittext_end - _text,
# arch/arm64/kernel/image-vars.h), is the Image's own .data VirtualAddress: efi-header.S puts
# __initdata_begin - _head there and vmlinux.lds.S sets __initdata_begin = __inittext_end.
#
# Needs: gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu make flex bison bc gzip xz-utils
# (apt-get install them); downloads through a private apt state (no change to the machine's apt).
# Usage: scripts/make-distro-zboot.sh [OUT] [WORKDIR]   (default node_modules/.cache/zboot-bench/debian-7.2.13-arm64-zboot-gzip.efi)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/node_modules/.cache/zboot-bench/debian-7.2.13-arm64-zboot-gzip.efi}
WORK=${2:-${TMPDIR:-/tmp}/zbx-distro-zboot}
VER=7.2.13+deb14-arm64
mkdir -p "$WORK/apt/lists/partial" "$WORK/apt/cache/archives/partial" "$(dirname "$OUT")"
cd "$WORK"

# A private apt: sid for arm64 and all, read-only use of the machine's keyring
cat > apt/sources.list <<'SRC'
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg arch=arm64,all] http://deb.debian.org/debian sid main
SRC
touch apt/status
cat > apt/apt.conf <<CONF
Dir::Etc::SourceList "$WORK/apt/sources.list";
Dir::Etc::SourceParts "/nonexistent";
Dir::State::Lists "$WORK/apt/lists";
Dir::Cache "$WORK/apt/cache";
Dir::State::status "$WORK/apt/status";
APT::Architectures { "arm64"; "amd64"; };
APT::Architecture "amd64";
CONF
export APT_CONFIG=$WORK/apt/apt.conf
[ -n "$(ls apt/lists/*Packages* 2>/dev/null)" ] || apt-get update -qq
[ -f image.deb ] || { apt-get download -qq "linux-binary-$VER:arm64" && mv linux-binary-*.deb image.deb; }
[ -f base.deb ] || { apt-get download -qq "linux-base-$VER:arm64" && mv linux-base-*.deb base.deb; }
[ -f source.deb ] || { apt-get download -qq linux-source-7.2 && mv linux-source-7.2_*.deb source.deb; }
[ -d pkg ] || { dpkg-deb -x image.deb pkg && dpkg-deb -x base.deb pkg; }
IMAGE=$WORK/pkg/usr/lib/modules/$VER/vmlinuz
[ -d src ] || { mkdir src && dpkg-deb --fsys-tarfile source.deb | tar -xO --wildcards '*/linux-source-7.2.tar.xz' | tar -xJ -C src --strip-components=1; }

O=$WORK/o
M=(make -C "$WORK/src" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- O="$O" -j"$(nproc)")
if [ ! -f "$O/.config" ]; then
  mkdir -p "$O"
  cp "$WORK/pkg/usr/lib/modules/$VER/config" "$O/.config"
  # Debian's keys are not at hand and nothing here is signed; zboot with the default gzip
  "$WORK/src/scripts/config" --file "$O/.config" -e EFI_ZBOOT -e KERNEL_GZIP --set-str SYSTEM_TRUSTED_KEYS '' --set-str SYSTEM_REVOCATION_KEYS '' --set-str EFI_SBAT_FILE ''
  "${M[@]}" olddefconfig >/dev/null
fi
grep -q '^CONFIG_EFI_ZBOOT=y' "$O/.config"
"${M[@]}" prepare >/dev/null
"${M[@]}" drivers/firmware/efi/libstub/ >/dev/null
# arch/arm64/boot is not in make's single-target tree: zboot-header.o is assembled with the
# exact command kbuild uses for an arm64 .S (cmd_as_o_S, read back from a kernel object it
# builds), plus the defines Makefile.zboot gives zboot-header.o (AFLAGS_zboot-header.o)
"${M[@]}" arch/arm64/kernel/cpu-reset.o >/dev/null
B=$O/arch/arm64/boot
mkdir -p "$B"
CMD=$(sed -n 's/^savedcmd_arch\/arm64\/kernel\/cpu-reset.o := //p' "$O/arch/arm64/kernel/.cpu-reset.o.cmd" |
  sed -e 's# -DKBUILD_MODFILE=[^ ]*##; s# -DKBUILD_MODNAME=[^ ]*##; s# -D__KBUILD_MODNAME=[^ ]*##' \
      -e 's#arch/arm64/kernel/\.cpu-reset\.o\.d#arch/arm64/boot/.zboot-header.o.d#' \
      -e 's# -I[^ ]*arch/arm64/kernel##g' \
      -e 's#-o arch/arm64/kernel/cpu-reset\.o [^ ]*cpu-reset\.S#-o arch/arm64/boot/zboot-header.o '"$WORK"'/src/drivers/firmware/efi/libstub/zboot-header.S#')
CFI=
grep -q '^CONFIG_ARM64_BTI_KERNEL=y' "$O/.config" && CFI=-DPE_DLL_CHAR_EX=IMAGE_DLLCHARACTERISTICS_EX_FORWARD_CFI_COMPAT
(cd "$O" && eval "$CMD -DMACHINE_TYPE=IMAGE_FILE_MACHINE_ARM64 -DZBOOT_EFI_PATH='\"$B/vmlinuz.efi.elf\"' -DZBOOT_SIZE_LEN=0 -DCOMP_TYPE='\"gzip\"' $CFI")
# Makefile.zboot: vmlinux.bin is the Image padded to its image_size (header offset 16)
cp "$IMAGE" "$B/vmlinux.bin"
truncate -s "$(od -An -t u8 -j16 -N8 "$IMAGE" | tr -d ' ')" "$B/vmlinux.bin"
# cmd_gzip (scripts/Makefile.lib)
gzip -n -f -9 < "$B/vmlinux.bin" > "$B/vmlinuz"
# zboot_code_size: the Image's PE .data VirtualAddress (see above); sections start at the PE
# header's optional header + SizeOfOptionalHeader, 40 bytes each, .data second
PE=$(od -An -t u4 -j60 -N4 "$IMAGE" | tr -d ' ')
OPT=$(od -An -t u2 -j$((PE + 20)) -N2 "$IMAGE" | tr -d ' ')
SEC=$((PE + 24 + OPT))
[ "$(dd if="$IMAGE" bs=1 skip=$((SEC + 40)) count=5 status=none)" = .data ]
CODE=$(od -An -t x4 -j$((SEC + 40 + 12)) -N4 "$IMAGE" | tr -d ' ')
aarch64-linux-gnu-objcopy -I binary -O elf64-littleaarch64 --add-symbol zboot_code_size=0x"$CODE" \
  --rename-section .data=.gzdata,load,alloc,readonly,contents "$B/vmlinuz" "$B/vmlinuz.o"
# cmd_ld with LDFLAGS_vmlinuz.efi.elf, then objcopy -O binary; KBUILD_LDFLAGS as arch/arm64/Makefile
aarch64-linux-gnu-ld -EL -maarch64elf -z noexecstack --no-warn-rwx-segments \
  -T "$WORK/src/drivers/firmware/efi/libstub/zboot.lds" -o "$B/vmlinuz.efi.elf" \
  "$B/vmlinuz.o" "$B/zboot-header.o" "$O/drivers/firmware/efi/libstub/lib.a"
aarch64-linux-gnu-objcopy -O binary "$B/vmlinuz.efi.elf" "$OUT"
echo "$OUT: $(stat -c %s "$OUT") bytes, wrapping $(stat -c %s "$IMAGE") bytes of Image (sha256 $(sha256sum "$IMAGE" | cut -c1-16)…), zboot_code_size 0x$CODE"
