/*
 * sources.c: the table of source documents and the citation rewriter (see
 * sources.h). The titles follow /work/shared/seeds/README.md. The rewriter
 * is a single pass over the text with a bounded buffer (at most four times
 * the input plus the titles), never touching the store.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "core/sources.h"

static const struct sp_source docs[] = {
    {"000_7a3ba3d30b329542.txt", "Train to Gain sector compacts Q&A (LSC, 2009)",
     "Train to Gain Sector Compacts: questions and answers", "Learning and Skills Council",
     "February 2009", "questions",
     "Sector compacts: parties, flexibilities, target volumes, eligible qualifications, "
     "three-year terms with six-monthly reviews, funding following demand, the Skills Pledge"},
    {"001_9b32e24159a7efe3.txt",
     "Northwest Sector Skills and Productivity Alliances (PRO INNO Europe, 2008)",
     "Good practice identification: the Northwest Sector Skills and Productivity Alliances",
     "PRO INNO Europe", "February 2008", "sections",
     "Sector alliances: core membership, action plans, aligning funding and avoiding "
     "duplication"},
    {"002_ff544af7dd4315b9.txt",
     "Quality Skills, Quality Services: One Year On (Cabinet Office, 2010)",
     "Quality Skills, Quality Services: One Year On", "Cabinet Office", "March 2010",
     "themes and paragraphs",
     "Themes with recommendations and achievements; figures measured against targets and "
     "aspirations"},
    {"003_74d2a3b73f9382d8.txt", "Leicestershire learning and skills Compact (LSC and VCS, 2005)",
     "The Leicestershire voluntary and community sector and LSC learning and skills Compact",
     "Leicestershire Learning and Skills Council", "July 2005", "headings",
     "A local compact: shared aims, a development and evaluation group, reviews at six months "
     "and then yearly, providers signing up against a target"},
    {"004_34ac84fe2e6428e6.txt", "Statutory guidance (DfE, August 2022)",
     "Local Skills Improvement Plans: statutory guidance for the development of a local skills "
     "improvement plan",
     "Department for Education", "August 2022", "sections",
     "The LSIP process: designation, delivery plan, progress reports, stages A, B and C, the "
     "report's parts, approval, publication, review, providers' duties, the register of "
     "interests, the areas and the occupational routes"},
};

#define GUIDANCE (&docs[4])
#define FILE_LEN 24 /* "000_7a3ba3d30b329542.txt" */

const struct sp_source *sp_sources_list(size_t *n) {
  *n = SP_ARRAY_LEN(docs);
  return docs;
}

/* The document whose file name starts at s, or NULL. */
static const struct sp_source *at(const char *s) {
  for (size_t i = 0; i < SP_ARRAY_LEN(docs); i++)
    if (strncmp(s, docs[i].file, FILE_LEN) == 0)
      return &docs[i];
  return NULL;
}

const struct sp_source *sp_source_find(const char *file) {
  if (!file)
    return NULL;
  const char *slash = strrchr(file, '/');
  const char *base = slash ? slash + 1 : file;
  const struct sp_source *d = at(base);
  return d && base[FILE_LEN] == '\0' ? d : NULL;
}

static int starts(const char *s, const char *word) { return strncmp(s, word, strlen(word)) == 0; }

const struct sp_source *sp_sources_first(const char *text) {
  if (!text)
    return NULL;
  if (starts(text, "section ") || starts(text, "sections "))
    return GUIDANCE;
  for (const char *p = strstr(text, ".txt"); p; p = strstr(p + 4, ".txt")) {
    if (p - text < FILE_LEN - 4)
      continue;
    const struct sp_source *d = at(p - (FILE_LEN - 4));
    if (d)
      return d;
  }
  return NULL;
}

/* Reads "Q6, Q12 and Q3" at s: up to 16 numbers into nums; returns the
 * length read (0 when s does not start with Q and a digit). */
static size_t questions(const char *s, long *nums, int *count) {
  const char *p = s;
  *count = 0;
  while (*count < 16 && p[0] == 'Q' && isdigit((unsigned char)p[1])) {
    char *end;
    nums[(*count)++] = strtol(p + 1, &end, 10);
    const char *after = end;
    if (starts(after, ", Q") && isdigit((unsigned char)after[3]))
      p = after + 2;
    else if (starts(after, " and Q") && isdigit((unsigned char)after[6]))
      p = after + 5;
    else {
      p = after;
      break;
    }
  }
  return *count ? (size_t)(p - s) : 0;
}

static enum sp_rc add_num(struct sp_buf *b, long v) { return sp_buf_addf(b, "%ld", v); }

/* Appends the words for the locator after a file name; returns how many
 * bytes of the input it consumed. */
static size_t locator(struct sp_buf *b, const char *s, enum sp_rc *rc) {
  long nums[16];
  int n;
  size_t used;
  if (s[0] != ' ')
    return 0;
  const char *p = s + 1;
  if ((used = questions(p, nums, &n)) > 0) {
    *rc = sp_buf_adds(b, n == 1 ? ", question " : ", questions ");
    for (int i = 0; i < n && *rc == SP_OK; i++) {
      if (i > 0)
        *rc = sp_buf_adds(b, i == n - 1 ? " and " : ", ");
      if (*rc == SP_OK)
        *rc = add_num(b, nums[i]);
    }
    return 1 + used;
  }
  if (starts(p, "para ")) {
    *rc = sp_buf_adds(b, ", paragraph ");
    return 6;
  }
  if (isdigit((unsigned char)p[0]) && p[1] == '.' && isdigit((unsigned char)p[2])) {
    *rc = sp_buf_adds(b, ", section ");
    return 1;
  }
  if (starts(p, "section") || starts(p, "Theme") || starts(p, "Annex") || p[0] == '"') {
    *rc = sp_buf_adds(b, ", ");
    return 1;
  }
  return 0;
}

int sp_sources_cite(const char *text, int bare_sections, char **out) {
  *out = NULL;
  if (!text)
    return 0;
  const char *first = strstr(text, ".txt");
  int bare_section = bare_sections && (starts(text, "section ") || starts(text, "sections "));
  if (!first && !bare_section)
    return 0;
  size_t len = strlen(text);
  struct sp_buf b;
  sp_buf_init(&b, 4 * len + 4096);
  enum sp_rc rc = SP_OK;
  int changed = 0;
  if (bare_section) {
    rc = sp_buf_adds(&b, GUIDANCE->title);
    if (rc == SP_OK)
      rc = sp_buf_adds(&b, ", ");
    changed = 1;
  }
  const char *p = text;
  while (rc == SP_OK && *p) {
    const struct sp_source *d = NULL;
    size_t skip = 0;
    /* A file name, perhaps after a seeds/ directory. */
    if (isdigit((unsigned char)p[0]) && (p == text || !isalnum((unsigned char)p[-1])) &&
        (d = at(p)) != NULL) {
      skip = FILE_LEN;
    } else if ((p == text || p[-1] == ' ' || p[-1] == '(') &&
               (starts(p, "../shared/seeds/") || starts(p, "shared/seeds/") ||
                starts(p, "seeds/"))) {
      const char *f = strstr(p, "seeds/") + 6;
      if ((d = at(f)) != NULL)
        skip = (size_t)(f - p) + FILE_LEN;
    }
    if (!d) {
      rc = sp_buf_addc(&b, *p);
      p++;
      continue;
    }
    changed = 1;
    rc = sp_buf_adds(&b, d->title);
    p += skip;
    if (rc == SP_OK)
      p += locator(&b, p, &rc);
  }
  if (rc != SP_OK) {
    sp_buf_free(&b);
    return -1;
  }
  if (!changed) {
    sp_buf_free(&b);
    return 0;
  }
  *out = sp_buf_take(&b);
  return *out ? 1 : -1;
}
