/*
 * pg_sql.c: the store's portable SQL rewritten for PostgreSQL (pg_int.h),
 * text in, text out, no connection. Statements (sp__pg_sql):
 *   - placeholders ? and ?N become $N; "?N IS NULL" / "?N IS NOT NULL"
 *     become a boolean parameter of their own, computed from the binding,
 *     since PostgreSQL cannot type a parameter that is only tested for NULL;
 *   - SQLite's "a IS b" becomes IS NOT DISTINCT FROM;
 *   - group_concat(x, sep) becomes string_agg(x, sep), rowid ctid (rows of
 *     the reference tables were inserted once, in order);
 *   - ORDER BY items get SQLite's NULL order (NULLS FIRST going up, LAST
 *     going down) unless they say; LIKE becomes ILIKE (SQLite's LIKE
 *     ignores ASCII case).
 * Migrations and other DDL (sp__pg_ddl): BIGINT for INTEGER, identity ids,
 * DOUBLE PRECISION for REAL, to_char(now()) for strftime defaults, no
 * WITHOUT ROWID, and the audit log's refusing triggers as PL/pgSQL.
 * Quoted text and comments are copied untouched. The rules callers follow
 * are in docs/architecture.md, "Writing SQL for both back ends".
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "pg_int.h"

#define SQL_MAX (4u << 20)

int sp__pg_ident_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

size_t sp__pg_word(const char *p, const char *word) {
  size_t n = strlen(word);
  if (strncasecmp(p, word, n) != 0 || sp__pg_ident_char(p[n]))
    return 0;
  return n;
}

/* Length of "IS NULL" / "IS NOT NULL" at p after spaces (0 if neither);
 * *neg set for NOT. */
static size_t match_nulltest(const char *p, int *neg) {
  const char *q = p;
  size_t n;
  while (*q == ' ' || *q == '\n' || *q == '\t')
    q++;
  if (!(n = sp__pg_word(q, "IS")))
    return 0;
  q += n;
  while (*q == ' ')
    q++;
  *neg = 0;
  if ((n = sp__pg_word(q, "NOT"))) {
    *neg = 1;
    q += n;
    while (*q == ' ')
      q++;
  }
  if (!(n = sp__pg_word(q, "NULL")))
    return 0;
  return (size_t)(q + n - p);
}

/* SQLite's NULL order for the ORDER BY item just written to b: after its
 * text, or before the word that ends it (the space already written). */
static void nulls_clause(struct sp_buf *b, int desc) {
  if (!b)
    return;
  if (b->len && b->data[b->len - 1] == ' ')
    KEEP(sp_buf_adds(b, desc ? "NULLS LAST " : "NULLS FIRST "));
  else
    KEEP(sp_buf_adds(b, desc ? " NULLS LAST" : " NULLS FIRST"));
}

/* One pass over sql; emits into b when b is not NULL. *maxp is the highest
 * placeholder (counted in pass one, used for numbering NULL tests in pass
 * two). */
static void rewrite(const char *sql, struct sp_buf *b, int *maxp, int *nnull, int nulltest[],
                    int maxnull, unsigned char used[32]) {
  int high = 0, k = 0;
  const char *p = sql;
  /* ORDER BY items: SQLite puts NULLs first going up and last going down,
   * PostgreSQL the other way; each item without its own NULLS gets
   * SQLite's. ord: inside an ORDER BY list at paren depth ord_depth. */
  int depth = 0, by_next = 0, ord = 0, ord_depth = 0, item = 0, desc = 0, nulls = 0;
#define OUT(s, n)                                                                            \
  do {                                                                                       \
    if (b)                                                                                   \
      KEEP(sp_buf_add(b, (s), (n)));                                                         \
  } while (0)
#define END_ITEM()                                                                           \
  do {                                                                                       \
    if (ord && item && !nulls)                                                               \
      nulls_clause(b, desc);                                                                 \
    item = desc = nulls = 0;                                                                 \
  } while (0)
  while (*p) {
    if (ord && !isspace((unsigned char)*p))
      item = 1; /* a delimiter below clears it again after END_ITEM */
    if (*p == '\'' || *p == '"') {
      char q = *p;
      const char *s = p++;
      while (*p && !(*p == q && p[1] != q)) /* a doubled quote stays inside */
        p += (*p == q) ? 2 : 1;
      if (*p)
        p++;
      OUT(s, (size_t)(p - s));
    } else if (p[0] == '-' && p[1] == '-') {
      const char *s = p;
      while (*p && *p != '\n')
        p++;
      OUT(s, (size_t)(p - s));
    } else if (*p == '?') {
      p++;
      int n;
      if (isdigit((unsigned char)*p)) {
        n = (int)strtol(p, (char **)&p, 10);
      } else {
        n = high + 1;
      }
      if (n > high)
        high = n;
      int neg = 0;
      size_t t = match_nulltest(p, &neg);
      char num[24];
      if (t && k < maxnull) {
        nulltest[k] = neg ? -n : n;
        k++;
        snprintf(num, sizeof(num), "$%d", (b ? *maxp : 0) + k);
        p += t;
      } else {
        snprintf(num, sizeof(num), "$%d", n);
        if (used && n < 256)
          used[n / 8] |= (unsigned char)(1u << (n % 8));
      }
      OUT(num, strlen(num));
    } else if (isalpha((unsigned char)*p) || *p == '_') {
      const char *s = p;
      while (sp__pg_ident_char(*p))
        p++;
      size_t n = (size_t)(p - s);
      if (ord && depth == ord_depth &&
          ((n == 5 && (strncasecmp(s, "LIMIT", 5) == 0 || strncasecmp(s, "UNION", 5) == 0 ||
                       strncasecmp(s, "FETCH", 5) == 0)) ||
           (n == 6 && strncasecmp(s, "OFFSET", 6) == 0) || (n == 3 && strncasecmp(s, "FOR", 3) == 0))) {
        END_ITEM();
        ord = 0;
      } else if (ord) {
        if (n == 4 && strncasecmp(s, "DESC", 4) == 0)
          desc = 1;
        else if (n == 3 && strncasecmp(s, "ASC", 3) == 0)
          desc = 0;
        else if (n == 5 && strncasecmp(s, "NULLS", 5) == 0)
          nulls = 1;
      }
      if (n == 5 && strncasecmp(s, "ORDER", 5) == 0) {
        by_next = 1;
        OUT(s, n);
        continue;
      }
      if (by_next && n == 2 && strncasecmp(s, "BY", 2) == 0) {
        by_next = 0;
        ord = 1;
        ord_depth = depth;
        item = desc = nulls = 0;
        OUT(s, n);
        continue;
      }
      by_next = 0;
      if (n == 4 && strncasecmp(s, "LIKE", 4) == 0) {
        OUT("ILIKE", 5); /* SQLite's LIKE ignores ASCII case */
      } else if (n == 2 && strncasecmp(s, "IS", 2) == 0) {
        /* SQLite's "a IS b" / "a IS NOT b" between values is PostgreSQL's
         * IS [NOT] DISTINCT FROM; IS [NOT] NULL/TRUE/FALSE/DISTINCT stay. */
        const char *q = p;
        int isnot = 0;
        while (*q == ' ' || *q == '\n')
          q++;
        size_t m;
        if ((m = sp__pg_word(q, "NOT"))) {
          isnot = 1;
          q += m;
          while (*q == ' ' || *q == '\n')
            q++;
        }
        if (sp__pg_word(q, "NULL") || sp__pg_word(q, "TRUE") || sp__pg_word(q, "FALSE") ||
            sp__pg_word(q, "DISTINCT") || sp__pg_word(q, "UNKNOWN")) {
          OUT(s, n);
        } else {
          if (isnot)
            OUT("IS DISTINCT FROM ", 17);
          else
            OUT("IS NOT DISTINCT FROM ", 21);
          p = q;
        }
      } else if (n == 12 && strncasecmp(s, "group_concat", 12) == 0)
        OUT("string_agg", 10);
      else if (n == 5 && strncasecmp(s, "rowid", 5) == 0)
        OUT("ctid", 4);
      else
        OUT(s, n);
    } else {
      if (*p == '(') {
        depth++;
      } else if (*p == ')') {
        if (ord && depth == ord_depth) {
          END_ITEM();
          ord = 0;
        }
        depth--;
      } else if (*p == ',' && ord && depth == ord_depth) {
        END_ITEM();
      } else if (*p == ';' && ord) {
        END_ITEM();
        ord = 0;
      }
      OUT(p, 1);
      p++;
    }
  }
  END_ITEM();
#undef END_ITEM
#undef OUT
  if (!b)
    *maxp = high;
  *nnull = k;
}

char *sp__pg_sql(const char *sql, int *nparams, int *nnull, int nulltest[], int maxnull,
                 unsigned char used[32]) {
  struct sp_buf b;
  int high = 0, k = 0;
  if (used)
    memset(used, 0, 32);
  rewrite(sql, NULL, &high, &k, nulltest, maxnull, NULL);
  sp_buf_init(&b, SQL_MAX);
  rewrite(sql, &b, &high, &k, nulltest, maxnull, used);
  *nparams = high;
  *nnull = k;
  return sp_buf_take(&b);
}

/* Replaces every whole word `from` (case-sensitive, outside quotes) by `to`. */
static char *replace_words(const char *sql, const char *from, const char *to) {
  struct sp_buf b;
  sp_buf_init(&b, SQL_MAX);
  size_t n = strlen(from);
  const char *p = sql;
  while (*p) {
    if (*p == '\'') {
      const char *s = p++;
      while (*p && !(*p == '\'' && p[1] != '\''))
        p += (*p == '\'') ? 2 : 1;
      if (*p)
        p++;
      KEEP(sp_buf_add(&b, s, (size_t)(p - s)));
    } else if (p[0] == '-' && p[1] == '-') {
      const char *s = p;
      while (*p && *p != '\n')
        p++;
      KEEP(sp_buf_add(&b, s, (size_t)(p - s)));
    } else if (strncmp(p, from, n) == 0 && !sp__pg_ident_char(p[n]) &&
               (p == sql || !sp__pg_ident_char(p[-1]))) {
      KEEP(sp_buf_adds(&b, to));
      p += n;
    } else {
      KEEP(sp_buf_addc(&b, *p++));
    }
  }
  return sp_buf_take(&b);
}

/* Rewrites a SQLite trigger that only refuses the change,
 *   CREATE TRIGGER name BEFORE op ON table
 *   BEGIN SELECT RAISE(ABORT, 'message'); END;
 * as a PL/pgSQL function and a trigger; other text is copied. */
static char *rewrite_triggers(const char *sql) {
  struct sp_buf b;
  sp_buf_init(&b, SQL_MAX);
  const char *p = sql;
  for (;;) {
    const char *t = strstr(p, "CREATE TRIGGER ");
    if (!t)
      break;
    char name[64], op[16], table[64], msg[256];
    int used = 0;
    if (sscanf(t, "CREATE TRIGGER %63s BEFORE %15s ON %63s BEGIN SELECT RAISE(ABORT, '%255[^']'); END;%n",
               name, op, table, msg, &used) != 4 || used == 0) {
      KEEP(sp_buf_add(&b, p, (size_t)(t - p) + 15));
      p = t + 15;
      continue;
    }
    KEEP(sp_buf_add(&b, p, (size_t)(t - p)));
    KEEP(sp_buf_addf(&b,
                      "CREATE FUNCTION %s_fn() RETURNS trigger LANGUAGE plpgsql AS"
                      " $sp$BEGIN RAISE EXCEPTION '%s'; END$sp$;\n"
                      "CREATE TRIGGER %s BEFORE %s ON %s FOR EACH ROW EXECUTE FUNCTION %s_fn();",
                      name, msg, name, op, table, name));
    p = t + used;
  }
  KEEP(sp_buf_adds(&b, p));
  return sp_buf_take(&b);
}

char *sp__pg_ddl(const char *sql) {
  static const char *const words[][2] = {
      /* an integer key named id is the row's number, given by the database */
      {"id INTEGER PRIMARY KEY", "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
      {"INTEGER", "BIGINT"},
      {"REAL", "DOUBLE PRECISION"},
      {"WITHOUT ROWID", ""},
  };
  static const char *const calls[][2] = {
      {"(strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
       "(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"},
      {"(datetime('now'))", "(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))"},
  };
  char *cur = rewrite_triggers(sql);
  for (size_t i = 0; cur && i < SP_ARRAY_LEN(calls); i++) {
    struct sp_buf b;
    sp_buf_init(&b, SQL_MAX);
    const char *p = cur, *q;
    size_t n = strlen(calls[i][0]);
    while ((q = strstr(p, calls[i][0]))) {
      KEEP(sp_buf_add(&b, p, (size_t)(q - p)));
      KEEP(sp_buf_adds(&b, calls[i][1]));
      p = q + n;
    }
    KEEP(sp_buf_adds(&b, p));
    sp_free(cur);
    cur = sp_buf_take(&b);
  }
  for (size_t i = 0; cur && i < SP_ARRAY_LEN(words); i++) {
    char *next = replace_words(cur, words[i][0], words[i][1]);
    sp_free(cur);
    cur = next;
  }
  return cur;
}

