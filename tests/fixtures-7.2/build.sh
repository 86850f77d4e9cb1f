#!/bin/sh
# Builds the 7.2 fixtures in this folder with the kernel's own build system (Kbuild).
# Run: sh tests/fixtures-7.2/build.sh SRC BUILD
#   SRC   = a writable copy of Debian's linux-source-7.2 tree (7.2.13-1), e.g. /work/build/sig/src
#   BUILD = a scratch directory for the out-of-tree build
# Needs clang-19 lld-19 llvm-19 (bookworm), binutils-aarch64-linux-gnu, flex, bison, bc, libelf-dev,
# libssl-dev.
# One build, the config of the 6.x fixtures (../shared/fixtures/build-scripts/config-arm64.sh) plus:
#   LLVM=-19 (clang 19: ARM64_BTI_KERNEL depends on !CC_IS_GCC in arch/arm64/Kconfig), PAC and BTI
#   on, so arch/arm64/boot/Makefile sets EFI_ZBOOT_FORWARD_CFI and zboot-header.S emits the
#   IMAGE_DEBUG_TYPE_EX_DLLCHARACTERISTICS entry (arch/arm64/kernel/efi-header.S does the same in
#   the Image); EFI_SBAT_FILE = sbat.csv; gzip payload. Then KERNEL_ZSTD and an empty
#   EFI_SBAT_FILE, and `Image vmlinuz.efi` again in the same tree (Kbuild rebuilds what changed).
set -eu
SRC=$(realpath "$1"); BUILD=$(realpath -m "$2"); HERE=$(dirname "$(realpath "$0")")
mkdir -p "$BUILD"
configure() { # $1 = O dir, $2.. = make args
  O=$1; shift
  make -C "$SRC" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- O="$O" "$@" tinyconfig
  C="$SRC/scripts/config --file $O/.config"
  $C -e PRINTK -e TTY -e SERIAL_AMBA_PL011 -e SERIAL_AMBA_PL011_CONSOLE -e ARM_AMBA -e OF \
     -e PROC_FS -e SYSFS -e DEVTMPFS -e DEVTMPFS_MOUNT -e DEBUG_FS -e DEBUG_FS_ALLOW_ALL \
     -e BLK_DEV_INITRD -e RD_GZIP -e BINFMT_ELF -e IKCONFIG -e IKCONFIG_PROC \
     -e KERNEL_MODE_NEON -e EFI -e EFI_STUB -e EFI_ZBOOT \
     -e PM -e SUSPEND -e PM_SLEEP -e HOTPLUG_CPU \
     -e KEXEC -e KEXEC_CORE -e KEXEC_FILE -e CRASH_DUMP -e CRASH_RESERVE -e PROC_VMCORE \
     -e MULTIUSER -e FUTEX -e EPOLL -e SIGNALFD -e TIMERFD -e EVENTFD -e SHMEM -e AIO \
     -e ARCH_VEXPRESS -e ARM_PSCI_FW -e RTC_CLASS -e PRINTK_TIME -e EARLY_PRINTK -e SERIAL_EARLYCON \
     -e CRYPTO -e CRYPTO_SHA256 -d MODULES -e KALLSYMS -e KERNEL_GZIP -d KERNEL_ZSTD
}
build() { # $1 = O dir, $2.. = make args
  O=$1; shift
  make -C "$SRC" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- O="$O" "$@" olddefconfig
  make -C "$SRC" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- O="$O" "$@" -j2 Image vmlinuz.efi
}
save() { # $1 = O dir, $2 = name
  cp "$1/arch/arm64/boot/vmlinuz.efi" "$HERE/$2.vmlinuz.efi"
  cp "$1/.config" "$HERE/$2.config"
  echo "$2 Image: $(stat -c %s "$1/arch/arm64/boot/Image") bytes, sha256 $(sha256sum < "$1/arch/arm64/boot/Image" | cut -d' ' -f1)" >> "$HERE/image-sha256.txt"
}
: > "$HERE/image-sha256.txt"

O="$BUILD/clang"; L="LLVM=-19"
configure "$O" $L
C="$SRC/scripts/config --file $O/.config"
$C -e ARM64_PTR_AUTH -e ARM64_PTR_AUTH_KERNEL -e ARM64_BTI -e ARM64_BTI_KERNEL \
   --set-str EFI_SBAT_FILE "$HERE/sbat.csv"
build "$O" $L
grep -q '^CONFIG_ARM64_BTI_KERNEL=y' "$O/.config"
save "$O" arm64-7.2.13-clang-bti-sbat-zboot-gzip
$C -d KERNEL_GZIP -e KERNEL_ZSTD --set-str EFI_SBAT_FILE ""
build "$O" $L
save "$O" arm64-7.2.13-clang-bti-zboot-zstd

