/*
 * alloc.h: the library's allocation wrappers. Every allocation in src/ goes
 * through these so that tests can make the Nth allocation fail and check
 * that out-of-memory is returned as SP_ENOMEM, never a crash.
 */
#ifndef SP_ALLOC_H
#define SP_ALLOC_H

#include <stddef.h>

void *sp_malloc(size_t n);
void *sp_calloc(size_t count, size_t size);
void *sp_realloc(void *p, size_t n);
/* Copies s (NULL gives NULL); caller frees with sp_free. */
char *sp_strdup(const char *s);
/* Copies at most n bytes of s and terminates; caller frees. */
char *sp_strndup(const char *s, size_t n);
void sp_free(void *p);

/* Test hook: after `count` more successful allocations, every allocation
 * fails until sp_alloc_fail_reset(). count < 0 disables. Process-wide. */
void sp_alloc_fail_after(long count);
void sp_alloc_fail_reset(void);

#endif
