/* Just enough of the kernel headers lib/zlib_inflate needs, for a user-mode build (bench/run.ts). */
#include <string.h>
