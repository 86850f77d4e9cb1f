// Oracle for src/core/devicetree/libfdt.ts: applies the edits of an ops file to a devicetree with
// the kernel's own libfdt (scripts/dtc/libfdt of linux-source-6.12, built by
// scripts/make-dtb-oracles.sh — not committed here) and prints each call's result and the blob's
// block sizes after it; writes the final blob. Usage: libfdt-oracle IN.dtb OPS OUT.dtb
//
// Ops, one a line (paths are absolute; "-" as a value means none):
//   open_into EXTRA             fdt_open_into(in, buf, totalsize + EXTRA)
//   setprop_string PATH NAME S  setprop_u64 PATH NAME V   setprop_u32 PATH NAME V
//   setprop_empty PATH NAME     setprop_placeholder PATH NAME LEN (filled with 0xa5)
//   appendprop_addrrange PATH NAME ADDR SIZE   (cells of the root)
//   delprop PATH NAME   nop_property PATH NAME   add_subnode PATH NAME   del_node PATH   nop_node PATH
//   add_mem_rsv ADDR SIZE   del_mem_rsv N   pack
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

static void *readall(const char *p, long *n) {
  FILE *f = fopen(p, "rb");
  if (!f) { perror(p); exit(1); }
  fseek(f, 0, SEEK_END); *n = ftell(f); fseek(f, 0, SEEK_SET);
  void *b = malloc(*n + 8);
  if (fread(b, 1, *n, f) != (size_t)*n) { perror(p); exit(1); }
  fclose(f);
  return b;
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: %s IN.dtb OPS OUT.dtb\n", argv[0]); return 2; }
  long n;
  void *in = readall(argv[1], &n);
  void *fdt = in;
  FILE *ops = fopen(argv[2], "r");
  if (!ops) { perror(argv[2]); return 1; }
  char line[4096];
  while (fgets(line, sizeof line, ops)) {
    line[strcspn(line, "\n")] = 0;
    if (!line[0] || line[0] == '#') continue;
    char op[64] = "", a[1024] = "", b[1024] = "", c[2048] = "", d[256] = "";
    sscanf(line, "%63s %1023s %1023s %2047s %255s", op, a, b, c, d);
    if (!strcmp(op, "setprop_string")) { const char *q = strchr(line, '"'); if (q) { strncpy(c, q + 1, sizeof c - 1); c[strcspn(c, "\"")] = 0; } }
    int node = a[0] == '/' ? fdt_path_offset(fdt, a) : 0;
    int r;
    if (!strcmp(op, "open_into")) {
      int size = fdt_totalsize(in) + (int)strtol(a, 0, 0);
      fdt = calloc(1, size);
      r = fdt_open_into(in, fdt, size);
    } else if (node < 0 && strcmp(op, "add_mem_rsv") && strcmp(op, "del_mem_rsv") && strcmp(op, "pack")) r = node;
    else if (!strcmp(op, "setprop_string")) r = fdt_setprop_string(fdt, node, b, c);
    else if (!strcmp(op, "setprop_u64")) r = fdt_setprop_u64(fdt, node, b, strtoull(c, 0, 0));
    else if (!strcmp(op, "setprop_u32")) r = fdt_setprop_u32(fdt, node, b, (uint32_t)strtoull(c, 0, 0));
    else if (!strcmp(op, "setprop_empty")) r = fdt_setprop(fdt, node, b, NULL, 0);
    else if (!strcmp(op, "setprop_placeholder")) { void *p; r = fdt_setprop_placeholder(fdt, node, b, atoi(c), &p); if (!r) memset(p, 0xa5, atoi(c)); }
    else if (!strcmp(op, "appendprop_addrrange")) r = fdt_appendprop_addrrange(fdt, 0, node, b, strtoull(c, 0, 0), strtoull(d, 0, 0));
    else if (!strcmp(op, "delprop")) r = fdt_delprop(fdt, node, b);
    else if (!strcmp(op, "nop_property")) r = fdt_nop_property(fdt, node, b);
    else if (!strcmp(op, "add_subnode")) { r = fdt_add_subnode(fdt, node, b); if (r > 0) r = 0; }
    else if (!strcmp(op, "del_node")) r = fdt_del_node(fdt, node);
    else if (!strcmp(op, "nop_node")) r = fdt_nop_node(fdt, node);
    else if (!strcmp(op, "add_mem_rsv")) r = fdt_add_mem_rsv(fdt, strtoull(a, 0, 0), strtoull(b, 0, 0));
    else if (!strcmp(op, "del_mem_rsv")) r = fdt_del_mem_rsv(fdt, atoi(a));
    else if (!strcmp(op, "pack")) r = fdt_pack(fdt);
    else { fprintf(stderr, "unknown op %s\n", op); return 2; }
    printf("%s -> %d struct=%u strings=%u rsv=%d total=%u\n", line, r, fdt_size_dt_struct(fdt), fdt_size_dt_strings(fdt), fdt_num_mem_rsv(fdt), fdt_totalsize(fdt));
  }
  FILE *o = fopen(argv[3], "wb");
  fwrite(fdt, 1, fdt_totalsize(fdt), o);
  fclose(o);
  return 0;
}
