/* Just enough of the kernel headers lib/zlib_inflate needs, for a user-mode build (bench/run.ts). */
#include <string.h>
static inline unsigned short get_unaligned16(const void *p) { unsigned short v; memcpy(&v, p, 2); return v; }
static inline unsigned short get_unaligned_le16(const void *p) { unsigned short v; memcpy(&v, p, 2); return v; }
