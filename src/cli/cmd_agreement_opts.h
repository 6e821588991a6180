/*
 * cmd_agreement_opts.h: number parsing shared by the agreement, funding,
 * eligible and indicator commands (static helpers, one copy per file); their
 * options are parsed by sp_cli_parse (cli.h).
 */
#ifndef SP_CMD_AGREEMENT_OPTS_H
#define SP_CMD_AGREEMENT_OPTS_H

#include <stdint.h>
#include <stdlib.h>

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
