/* Just enough of the kernel headers lib/zlib_inflate needs, for a user-mode build (bench/run.ts). */
#include <stddef.h>
#include <string.h>
#include <stdint.h>
typedef uint8_t u8; typedef uint16_t u16; typedef uint32_t u32; typedef uint64_t u64;
#define likely(x) __builtin_expect(!!(x),1)
#define unlikely(x) __builtin_expect(!!(x),0)
#define EXPORT_SYMBOL(x)
#define MODULE_LICENSE(x)
#define fallthrough __attribute__((fallthrough))
#define IS_ENABLED(x) (x)
/* arm64 selects HAVE_EFFICIENT_UNALIGNED_ACCESS (arch/arm64/Kconfig) */
#define CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS 1
