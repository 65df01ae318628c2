/*
 * buf.h — a growable byte buffer with a cap set when it is made.
 *
 * Every buffer that grows from outside input (response bodies, encoded
 * images) is one of these, so no input can grow one past what the request
 * allowed.  Allocation follows cairn's policy (README, "Layout"): running out
 * of memory aborts, so the only failure is the cap.
 */
#ifndef CAIRN_BUF_H
#define CAIRN_BUF_H

#include <stddef.h>

struct buf {
	unsigned char *data;   /* NUL-terminated after the last byte when non-NULL */
	size_t len, cap, max;
};

/* An empty buffer that refuses to grow past max bytes (0 = no cap). */
void buf_init(struct buf *b, size_t max);

/* Appends n bytes.  0, or CAIRN_ELIMIT when len + n would pass max (nothing
 * appended; the buffer keeps what it had). */
int buf_append(struct buf *b, const void *p, size_t n);

/* Moves the bytes out (malloc'd, free() them; NULL when empty) and leaves b
 * empty with the same cap. */
unsigned char *buf_take(struct buf *b, size_t *len);

void buf_fini(struct buf *b);

#endif
