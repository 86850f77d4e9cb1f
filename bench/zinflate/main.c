/* Bench reference: the kernel's own lib/zlib_inflate (6.12), as zboot's decompress_inflate.c
 * drives it (raw inflate after the gzip header, one call with the whole input and output),
 * built static for aarch64 and run under qemu-aarch64 -cpu cortex-a57. Prints the output
 * size and the inflate time in ms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/zutil.h>

int main(int argc, char **argv) {
	FILE *f = fopen(argv[1], "rb");
	if (!f) return 2;
	static unsigned char in[64 << 20];
	size_t n = fread(in, 1, sizeof in, f);
	fclose(f);
	size_t cap = 256u << 20;
	unsigned char *out = malloc(cap);
	z_stream s;
	memset(&s, 0, sizeof s);
	s.workspace = malloc(zlib_inflate_workspacesize());
	size_t hdr = 10;
	if (in[3] & 8) { while (in[hdr]) hdr++; hdr++; } /* FNAME */
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	zlib_inflateInit2(&s, -MAX_WBITS);
	s.next_in = in + hdr; s.avail_in = n - hdr;
	s.next_out = out; s.avail_out = cap;
	int r = zlib_inflate(&s, Z_FINISH);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%d %lu %.3f\n", r, (unsigned long)s.total_out, (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6);
	fwrite(out, 1, s.total_out, stderr);
	return r == Z_STREAM_END ? 0 : 1;
}
