/* empty: nothing of it is used by lib/zlib_inflate/inflate.c, inffast.c, inftrees.c */
