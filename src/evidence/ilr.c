/*
 * ilr.c: reads an ESFA Individualised Learner Record (ILR) XML file with
 * libxml2's streaming reader (xmlTextReader), validating it as it goes
 * against the ILR 2018-19 XML schema (data/evidence/ILR-2018-19.xsd, ESFA),
 * so every rule the schema states (field length, pattern, range,
 * occurrence, mandatory elements, types) is checked the way ESFA states it.
 * The field rules of the ILR specification that the relaxed schema leaves
 * out (lengths, digits, ranges, occurrences: ilr_rules.c) are checked too.
 * Each schema error is charged to the learner being read and reported as
 * "learner N (LearnRefNumber X): rule: element: message"; a learner with an
 * error is rejected whole. A file that is not well-formed XML, or whose
 * header breaks the schema, is refused whole.
 *
 * For the summaries each valid learner's learning deliveries count as one
 * start each in the academic year of LearnStartDate and one achievement
 * when Outcome is 1 (achieved). The area comes from DelLocPostCode through
 * the imported postcode lookup; the route and level from StdCode through
 * data/evidence/standard_route.csv. A delivery with neither (ZZ99 9ZZ is
 * ESFA's "postcode not known") is counted as unplaced.
 */
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <string.h>

#include "../base/alloc.h"
#include "ev_int.h"

#define MAX_DEPTH 24

struct delivery {
  char postcode[16];
  long std;
  int year;
  int achieved;
};

struct ilr_reader {
  const struct ev_job *job;
  struct ev_scan_result *r;
  void *prov;
  long ukprn;
  int in_learner;
  long learner_no;
  char learn_ref[64];
  long learner_line;
  struct ev_errs pending; /* this learner's schema errors */
  struct delivery *dl;
  size_t ndl, capdl;
  char path[MAX_DEPTH][40];
  char occ_name[16][40]; /* occurrence counts in the current learner / delivery / status */
  char occ_scope[16];
  int occ_n[16], nocc;
  int depth;
  int fatal_seen;
  int oom;
};

static const char *rule_of(const char *msg) {
  if (strstr(msg, "Length") || strstr(msg, "'length'"))
    return "field length";
  if (strstr(msg, "'pattern'"))
    return "pattern";
  if (strstr(msg, "Inclusive") || strstr(msg, "Exclusive") || strstr(msg, "Digits"))
    return "range";
  if (strstr(msg, "Missing child element"))
    return "mandatory";
  if (strstr(msg, "not expected"))
    return "occurrence";
  if (strstr(msg, "enumeration"))
    return "enumeration";
  if (strstr(msg, "valid value of the atomic type") || strstr(msg, "not a valid value"))
    return "type";
  return "schema";
}

static void on_error(void *arg, const xmlError *e) {
  struct ilr_reader *rd = arg;
  char msg[200];
  snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "error");
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
    msg[--n] = '\0';
  const char *elem = "";
  if (e->node && ((xmlNodePtr)e->node)->name)
    elem = (const char *)((xmlNodePtr)e->node)->name;
  else if (rd->depth > 0)
    elem = rd->path[rd->depth - 1];
  if (e->domain == XML_FROM_SCHEMASV && rd->in_learner) {
    sp__ev_errs_add(&rd->pending, e->line, elem, "%s: %s", rule_of(msg), msg);
    return;
  }
  if (e->domain == XML_FROM_SCHEMASV)
    sp__ev_errs_add(&rd->r->errs, e->line, elem, "%s (ILR-2018-19.xsd): %s", rule_of(msg), msg);
  else
    sp__ev_errs_add(&rd->r->errs, e->line, elem, "not well-formed XML: %s", msg);
  rd->r->fatal = 1;
}

/* libxml2 prints schema-compiler notes ("namespace warning", "Unimplemented
 * block") through its generic handler; they are not the user's errors. */
static void quiet(void *arg, const char *fmt, ...) {
  (void)arg;
  (void)fmt;
}

static void end_learner(struct ilr_reader *rd) {
  struct ev_scan_result *r = rd->r;
  r->rows_read++;
  if (rd->pending.total == 0) {
    r->rows_ok++;
    for (size_t i = 0; i < rd->ndl; i++) {
      const struct delivery *d = &rd->dl[i];
      const struct ev_dict *dict = rd->job->dict;
      int area = -1, path = EV_NO_ROUTE, level = EV_LEVEL_UNKNOWN;
      char pc[16];
      size_t pn = sp__ev_postcode_norm(d->postcode, strlen(d->postcode), pc);
      int32_t li = pn ? sp__ev_map_get(&dict->postcodes, pc, pn) : EV_UNKNOWN;
      if (li >= 0)
        area = sp__ev_map_get(&dict->area_by_lad, dict->post_lad[li], strlen(dict->post_lad[li]));
      if (d->std > 0 && d->std < dict->nstd && dict->std_path[d->std] >= 0) {
        path = dict->std_path[d->std];
        level = dict->std_level[d->std] >= 0 ? dict->std_level[d->std] : EV_LEVEL_UNKNOWN;
      }
      if (d->year < 0 || rd->ukprn < 10000000) {
        area = -1;
      }
      if (sp__ev_prov_add(rd->prov, rd->ukprn, area, path, level, d->year, 1, d->achieved) < 0)
        rd->oom = 1;
    }
  } else {
    for (size_t i = 0; i < rd->pending.n; i++) {
      const struct ev_err *e = &rd->pending.v[i];
      sp__ev_errs_add(&r->errs, e->line, e->field, "learner %ld (LearnRefNumber %s): %s",
                      rd->learner_no, rd->learn_ref[0] ? rd->learn_ref : "missing", e->msg);
    }
    if (rd->pending.total > rd->pending.n)
      r->errs.total += rd->pending.total - rd->pending.n;
  }
  sp__ev_errs_free(&rd->pending);
  rd->pending.keep = 50;
  rd->ndl = 0;
  rd->in_learner = 0;
}

static void on_text(struct ilr_reader *rd, const char *v, long line) {
  if (rd->depth < 2)
    return;
  const char *el = rd->path[rd->depth - 1], *parent = rd->path[rd->depth - 2];
  char why[160];
  if (rd->in_learner && sp__ev_ilr_check(el, v, why, sizeof(why)))
    sp__ev_errs_add(&rd->pending, line, el, "%s (ILR specification 2018 to 2019)", why);
  if (strcmp(el, "UKPRN") == 0 && strcmp(parent, "LearningProvider") == 0) {
    long u = sp__ev_parse_count(v, strlen(v));
    rd->ukprn = u;
  } else if (rd->in_learner && strcmp(parent, "Learner") == 0 &&
             strcmp(el, "LearnRefNumber") == 0) {
    snprintf(rd->learn_ref, sizeof(rd->learn_ref), "%s", v);
  } else if (rd->in_learner && strcmp(parent, "LearningDelivery") == 0 && rd->ndl > 0) {
    struct delivery *d = &rd->dl[rd->ndl - 1];
    if (strcmp(el, "DelLocPostCode") == 0)
      snprintf(d->postcode, sizeof(d->postcode), "%s", v);
    else if (strcmp(el, "StdCode") == 0)
      d->std = sp__ev_parse_count(v, strlen(v));
    else if (strcmp(el, "LearnStartDate") == 0)
      d->year = sp__ev_parse_date_acyear(v, strlen(v));
    else if (strcmp(el, "Outcome") == 0)
      d->achieved = strcmp(v, "1") == 0;
  }
}

static void on_start(struct ilr_reader *rd, const char *name, int depth, long line) {
  if (strcmp(name, "Learner") == 0 && depth == 1) {
    rd->in_learner = 1;
    rd->learner_no++;
    rd->learn_ref[0] = '\0';
    rd->learner_line = line;
    rd->ndl = 0;
    rd->nocc = 0;
  } else if (rd->in_learner && strcmp(name, "LearningDelivery") == 0) {
    if (rd->ndl == rd->capdl) {
      size_t cap = rd->capdl ? rd->capdl * 2 : 8;
      struct delivery *nv = sp_realloc(rd->dl, cap * sizeof(*nv));
      if (!nv) {
        rd->oom = 1;
        return;
      }
      rd->dl = nv;
      rd->capdl = cap;
    }
    struct delivery *d = &rd->dl[rd->ndl++];
    memset(d, 0, sizeof(*d));
    d->year = -1;
  }
  if (!rd->in_learner)
    return;
  /* A new delivery or employment status restarts the counts scoped to it. */
  char scope;
  char reset = strcmp(name, "LearningDelivery") == 0          ? 'D'
               : strcmp(name, "LearnerEmploymentStatus") == 0 ? 'E'
                                                              : 0;
  if (reset)
    for (int i = 0; i < rd->nocc; i++)
      if (rd->occ_scope[i] == reset)
        rd->occ_n[i] = 0;
  int max = sp__ev_ilr_max_occurs(name, &scope);
  if (!max)
    return;
  int i = 0;
  while (i < rd->nocc && strcmp(rd->occ_name[i], name) != 0)
    i++;
  if (i == rd->nocc) {
    if (rd->nocc == 16)
      return;
    snprintf(rd->occ_name[i], sizeof(rd->occ_name[i]), "%s", name);
    rd->occ_scope[i] = scope;
    rd->occ_n[i] = 0;
    rd->nocc++;
  }
  if (++rd->occ_n[i] == max + 1)
    sp__ev_errs_add(&rd->pending, line, name,
                    "occurrence: %s may occur at most %d times per %s (ILR specification 2018 "
                    "to 2019)",
                    name, max, scope == 'L' ? "learner" : scope == 'D' ? "learning delivery"
                                                                        : "employment status");
}

void sp__ev_ilr_init(void) { xmlInitParser(); }

enum sp_rc sp__ev_read_ilr(const struct ev_job *job, const char *data, size_t len,
                           const char *xsd_path, struct ev_scan_result *r) {
  struct ilr_reader rd;
  enum sp_rc rc = SP_OK;
  memset(r, 0, sizeof(*r));
  memset(&rd, 0, sizeof(rd));
  r->errs.keep = job->accept_valid ? 1000000 : 100;
  rd.pending.keep = 50;
  rd.job = job;
  rd.r = r;
  if (len == 0) {
    sp__ev_errs_add(&r->errs, 1, "", "the file is empty (an ILR XML message is required)");
    r->fatal = 1;
    return SP_OK;
  }
  if (len > (size_t)2147483647) {
    sp__ev_errs_add(&r->errs, 1, "", "the file is over 2 GiB, the limit for one ILR file");
    r->fatal = 1;
    return SP_OK;
  }
  rd.prov = sp__ev_prov_new(job);
  if (!rd.prov)
    return SP_ENOMEM;
  r->state = rd.prov;
  xmlTextReaderPtr xr = xmlReaderForMemory(data, (int)len, job->name, NULL, XML_PARSE_NONET);
  if (!xr)
    return SP_ENOMEM;
  xmlTextReaderSetStructuredErrorHandler(xr, (xmlStructuredErrorFunc)on_error, &rd);
  xmlSetGenericErrorFunc(NULL, quiet);
  if (xmlTextReaderSchemaValidate(xr, xsd_path) != 0) {
    sp__ev_errs_add(&r->errs, 0, "", "cannot load the ILR schema %s", xsd_path);
    r->fatal = 1;
    goto out;
  }
  int ret;
  while ((ret = xmlTextReaderRead(xr)) == 1) {
    int type = xmlTextReaderNodeType(xr);
    int depth = xmlTextReaderDepth(xr);
    if (type == XML_READER_TYPE_ELEMENT) {
      const char *name = (const char *)xmlTextReaderConstLocalName(xr);
      if (depth < MAX_DEPTH) {
        snprintf(rd.path[depth], sizeof(rd.path[depth]), "%s", name ? name : "");
        rd.depth = depth + 1;
      }
      on_start(&rd, name ? name : "", depth, xmlTextReaderGetParserLineNumber(xr));
      if (xmlTextReaderIsEmptyElement(xr) && rd.in_learner && depth == 1 &&
          strcmp(name, "Learner") == 0)
        end_learner(&rd);
    } else if (type == XML_READER_TYPE_TEXT) {
      const char *v = (const char *)xmlTextReaderConstValue(xr);
      on_text(&rd, v ? v : "", xmlTextReaderGetParserLineNumber(xr));
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      const char *name = (const char *)xmlTextReaderConstLocalName(xr);
      if (rd.in_learner && depth == 1 && name && strcmp(name, "Learner") == 0)
        end_learner(&rd);
      rd.depth = depth;
    }
    if (rd.oom) {
      rc = SP_ENOMEM;
      goto out;
    }
  }
  if (ret < 0 && !r->fatal) {
    sp__ev_errs_add(&r->errs, xmlTextReaderGetParserLineNumber(xr), "",
                    "not well-formed XML (the file may be truncated)");
    r->fatal = 1;
  }
  if (ret == 0 && !xmlTextReaderIsValid(xr) && r->errs.total == 0) {
    sp__ev_errs_add(&r->errs, xmlTextReaderGetParserLineNumber(xr), "",
                    "the file does not follow the ILR 2018-19 schema");
    r->fatal = 1;
  }
  if (rd.in_learner) /* truncated inside a learner */
    end_learner(&rd);
  if (!r->fatal && r->rows_read == 0) {
    sp__ev_errs_add(&r->errs, 1, "", "the file holds no Learner");
    r->fatal = 1;
  }
out:
  xmlFreeTextReader(xr);
  xmlSetGenericErrorFunc(NULL, NULL);
  sp__ev_errs_free(&rd.pending);
  sp_free(rd.dl);
  return rc;
}
