/*
 * alloc.c: malloc wrappers with a process-wide failure injector for tests.
 * The injector is an atomic countdown; when it reaches zero every
 * allocation returns NULL until it is reset.
 */
#include "alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long fail_countdown = -1;

static int should_fail(void) {
  long v = atomic_load(&fail_countdown);
  if (v < 0)
    return 0;
  if (v == 0)
    return 1;
  atomic_fetch_sub(&fail_countdown, 1);
  return 0;
}

void sp_alloc_fail_after(long count) { atomic_store(&fail_countdown, count); }
void sp_alloc_fail_reset(void) { atomic_store(&fail_countdown, -1); }

void *sp_malloc(size_t n) { return should_fail() ? NULL : malloc(n ? n : 1); }

void *sp_calloc(size_t count, size_t size) {
  return should_fail() ? NULL : calloc(count ? count : 1, size ? size : 1);
}

void *sp_realloc(void *p, size_t n) {
  return should_fail() ? NULL : realloc(p, n ? n : 1);
}

char *sp_strdup(const char *s) {
  if (!s)
    return NULL;
  return sp_strndup(s, strlen(s));
}

char *sp_strndup(const char *s, size_t n) {
  if (!s)
    return NULL;
  size_t len = strnlen(s, n);
  char *d = sp_malloc(len + 1);
  if (!d)
    return NULL;
  memcpy(d, s, len);
  d[len] = '\0';
  return d;
}

void sp_free(void *p) { free(p); }
