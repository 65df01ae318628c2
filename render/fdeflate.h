/*
 * fdeflate.h — a fast raw-deflate (RFC 1951) encoder for filtered chart
 * images: long runs of one byte (flat backgrounds and rows equal to the one
 * above, after PNG's UP filter) are found 16 bytes a step and sent as
 * distance-1 matches; the rest goes through a one-candidate greedy hash
 * matcher; each block gets its own Huffman codes (or static codes, or is
 * stored, whichever is smallest).  Any input gives a valid stream.
 */
#ifndef CAIRN_FDEFLATE_H
#define CAIRN_FDEFLATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct fdeflate fdeflate;

/* An encoder with its tables (about 200 KB); one thread at a time.  Free
 * with fdeflate_free (NULL is a no-op). */
fdeflate *fdeflate_new(void);
void fdeflate_free(fdeflate *z);

/* The most bytes fdeflate_raw can write for n input bytes. */
size_t fdeflate_bound(size_t n);

/* Compresses in[0..n) on its own (no dictionary) into out, which has room
 * for fdeflate_bound(n) bytes, and returns the bytes written.  With final
 * the last block ends the deflate stream; without, the output ends with an
 * empty stored block, on a byte boundary (as zlib's Z_SYNC_FLUSH), so
 * another such piece may follow.  The bytes depend only on in, n and final. */
size_t fdeflate_raw(fdeflate *z, const unsigned char *in, size_t n, bool final,
                    unsigned char *out);

#endif
