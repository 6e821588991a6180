/*
 * cmd_agreement_opts.h: option parsing shared by the agreement, funding,
 * eligible and indicator commands (static helpers, one copy per file):
 * "--name VALUE" or "--name=VALUE" lookup, flags, and the first positional
 * argument.
 */
#ifndef SP_CMD_AGREEMENT_OPTS_H
#define SP_CMD_AGREEMENT_OPTS_H

#include <stdlib.h>
#include <string.h>

#include "base/date.h"

/* The value of --name (NULL when absent); *missing set when it has no value. */
static inline const char *opt_val(int argc, char **argv, const char *name, int *missing) {
  size_t n = strlen(name);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], name) == 0) {
      if (i + 1 >= argc) {
        *missing = 1;
        return NULL;
      }
      return argv[i + 1];
    }
    if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=')
      return argv[i] + n + 1;
  }
  return NULL;
}

static inline int opt_flag(int argc, char **argv, const char *name) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], name) == 0)
      return 1;
  return 0;
}

/* The first argument that is neither an option nor an option's value;
 * options listed in with_value take one. */
static inline const char *opt_positional(int argc, char **argv, const char *const *with_value) {
  for (int i = 1; i < argc; i++) {
    if (strncmp(argv[i], "--", 2) == 0) {
      if (strchr(argv[i], '='))
        continue;
      for (size_t k = 0; with_value[k]; k++)
        if (strcmp(argv[i], with_value[k]) == 0) {
          i++;
          break;
        }
      continue;
    }
    return argv[i];
  }
  return NULL;
}

/* Parses a whole positive number; 0 on error. */
static inline int64_t opt_id(const char *s) {
  if (!s || !*s)
    return 0;
  char *end = NULL;
  long long v = strtoll(s, &end, 10);
  return (end && !*end && v > 0) ? (int64_t)v : 0;
}

/* Parses an integer (may be negative); *ok = 0 on error. */
static inline int64_t opt_int(const char *s, int *ok) {
  char *end = NULL;
  long long v = s ? strtoll(s, &end, 10) : 0;
  *ok = s && *s && end && !*end;
  return (int64_t)v;
}

#endif
