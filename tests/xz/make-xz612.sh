#!/bin/sh
# Makes the xz test vectors from the 6.12.117 arm64 tiny Image
# (shared/fixtures/arm64-6.12.117-tiny-gzip-build.Image.gz), with xz 5.4.1 (Debian 12; the
# ARM64 BCJ filter needs xz >= 5.4). The tests check each decode against the same bytes taken
# from the fixture (and mixed-blocks-random.bin, the random part, kept beside them).
# - arm64-6.12-Image-head.xz: the first 512 KiB, as v6.12's scripts/xz_wrap.sh compresses arm64
#   (ARM64 BCJ filter, lc=2 lp=2, 128 MiB dictionary, CRC32 check).
# - mixed-blocks-sha256.xz: the first 64 KiB + 16 KiB of random bytes, in 24 KiB blocks with
#   SHA-256 checks (several blocks; LZMA2 stored chunks for the random part).
# - head-crc64.xz: the first 64 KiB with a CRC64 check.
set -eu
cd "$(dirname "$0")"
img() { gzip -dc ../../../shared/fixtures/arm64-6.12.117-tiny-gzip-build.Image.gz | head -c "$1"; }
img 524288 | xz --check=crc32 --threads=1 --arm64 --lzma2=lp=2,lc=2,dict=128MiB > arm64-6.12-Image-head.xz
head -c 16384 /dev/urandom > /tmp/random16k.$$
{ img 65536; cat /tmp/random16k.$$; } | xz --check=sha256 --block-size=24KiB > mixed-blocks-sha256.xz
cp /tmp/random16k.$$ mixed-blocks-random.bin
rm -f /tmp/random16k.$$
img 65536 | xz --check=crc64 > head-crc64.xz
xz --version | head -1
