/*
 * sources.h: the five documents skillplan's rules come from
 * (/work/shared/seeds/, cited in code by file name), with the titles people
 * know them by, and the rewriting of a citation such as
 * "000_7a3ba3d30b329542.txt Q12" into "Train to Gain sector compacts Q&A
 * (LSC, 2009), question 12". The file names stay the machine keys (API
 * `source` fields, the audit log); pages show the titles.
 */
#ifndef SP_SOURCES_H
#define SP_SOURCES_H

#include <stddef.h>

#include "base/sp.h"

struct sp_source {
  const char *file;      /* "004_34ac84fe2e6428e6.txt": the machine key */
  const char *title;     /* "Statutory guidance (DfE, August 2022)" */
  const char *full_title;/* the document's own title */
  const char *publisher; /* "Department for Education" */
  const char *published; /* "August 2022" */
  const char *parts;     /* how it is divided: "sections", "questions" */
  const char *about;     /* what skillplan takes from it */
};

/* The documents in file order; *n is their count. Static storage. */
const struct sp_source *sp_sources_list(size_t *n);

/* The document whose file name is `file` (with or without a directory
 * before it), or NULL. */
const struct sp_source *sp_source_find(const char *file);

/* The first document text cites (by file name, or the guidance for a bare
 * "section ..."), or NULL when it cites none. */
const struct sp_source *sp_sources_first(const char *text);

/*
 * Rewrites every citation in text: each file name of a source (with any
 * "seeds/" directory before it) becomes the document's title, and the part
 * after it reads as words (" Q6, Q12" becomes ", questions 6 and 12";
 * " para 49" ", paragraph 49"; " 4.2.1" ", section 4.2.1"). With
 * bare_sections, a text that starts with a section of the guidance
 * ("section 4.2.1 (...)", as the statutory clock cites it) gains the
 * guidance's title in front: only for fields known to hold a citation, never
 * for what people typed.
 * Returns 1 and sets *out (the caller frees it with sp_free) when something was
 * rewritten; 0 with *out NULL when nothing was; -1 on out of memory.
 */
int sp_sources_cite(const char *text, int bare_sections, char **out);

#endif
