/*
 * ilr.c: reads an ESFA Individualised Learner Record (ILR) XML file with
 * libxml2's streaming reader (xmlTextReader), validating it as it goes
 * against the ILR 2018-19 XML schema (data/evidence/ILR-2018-19.xsd, ESFA).
 * The rules of the ILR specification that the relaxed schema leaves out are
 * checked too: field lengths, digits, patterns and ranges (ilr_rules.c),
 * how often an entity may occur, the mandatory fields of each entity
 * (learner, contact preference, LLDD, FAM, employment status and its
 * monitoring, HE financial support, learning delivery, its FAM, work
 * placement, apprenticeship financial record, monitoring and HE, and the
 * destination and progression record and its outcome: the table below), a
 * learner's reference unique in the file, and at least one delivery per
 * learner and one outcome per destination record.
 *
 * Errors are kept with the element and its own line and charged, at the end
 * of the file, to the record (learner or destination and progression
 * record) that holds the line: the schema's errors come from the parser,
 * which runs ahead of the reader, so charging them to the learner being read
 * put them on the wrong learner. Each is reported as "learner N
 * (LearnRefNumber X): rule: message" with the line and element; a learner
 * with an error is rejected whole, and so is the learner a broken
 * destination record belongs to (same LearnRefNumber, else the one learner
 * with its ULN). A file that is not well-formed XML, or whose header breaks
 * the schema, is refused whole.
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
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../base/alloc.h"
#include "ev_int.h"

#define MAX_DEPTH 24
#define MAX_FRAMES 8
#define MAX_ERRS 200000

struct delivery {
  char postcode[16];
  long std;
  int year;
  int achieved;
};

/* A Learner or a LearnerDestinationandProgression record. */
struct ilr_rec {
  char kind;      /* 'L' learner, 'D' destination and progression */
  long no;        /* 1-based among records of its kind */
  long line;      /* where it starts */
  char ref[32];   /* its LearnRefNumber, "" when it has none */
  char uln[16];   /* its ULN, "" when it has none */
  size_t dl0, ndl; /* a learner's deliveries in rd->dl */
  long nerr;
};

/* An error: rec is the record it is charged to, -1 for the file, -2 not
 * yet known (a schema error, placed by its line at the end). */
struct ilr_err {
  long line;
  long rec;
  char field[24];
  char msg[200];
};

/* An entity open in the current record, for the mandatory-field rules. */
struct frame {
  int ent;        /* index in mandatory[] */
  int depth;
  unsigned seen;  /* bit i: mandatory[ent].req[i] was given a value; bit 31: its child entity */
  long line;
};

struct ilr_reader {
  const struct ev_job *job;
  struct ev_scan_result *r;
  void *prov;
  long ukprn;
  struct ilr_rec *rec;
  size_t nrec, caprec;
  long cur;       /* the record being read, or -1 */
  long nlearners, ndp;
  struct ilr_err *err;
  size_t nerr, caperr;
  size_t lost;    /* errors over MAX_ERRS, counted only */
  struct delivery *dl;
  size_t ndl, capdl;
  int cur_dl;     /* the delivery being read in the current learner, or -1 */
  char path[MAX_DEPTH][40];
  long path_line[MAX_DEPTH];
  char had_text[MAX_DEPTH], had_child[MAX_DEPTH]; /* of the element open at each depth */
  struct frame fr[MAX_FRAMES];
  int nfr;
  char occ_name[16][40]; /* occurrence counts in the current learner / delivery / status */
  char occ_scope[16];
  int occ_n[16], nocc;
  int depth;
  int oom;
};

/* The ILR specification 2018 to 2019's mandatory fields of each entity that
 * the relaxed schema makes optional (minOccurs 0). */
static const struct {
  const char *entity;
  const char *req[8];
  const char *child; /* an entity it must hold at least once, or NULL */
} mandatory[] = {
    {"Learner",
     {"LearnRefNumber", "ULN", "Ethnicity", "Sex", "LLDDHealthProb", "PostcodePrior", "Postcode",
      NULL},
     "LearningDelivery"},
    {"ContactPreference", {"ContPrefType", "ContPrefCode", NULL}},
    {"LLDDandHealthProblem", {"LLDDCat", NULL}},
    {"LearnerFAM", {"LearnFAMType", "LearnFAMCode", NULL}},
    {"ProviderSpecLearnerMonitoring", {"ProvSpecLearnMonOccur", "ProvSpecLearnMon", NULL}},
    {"LearnerEmploymentStatus", {"EmpStat", "DateEmpStatApp", NULL}},
    {"EmploymentStatusMonitoring", {"ESMType", "ESMCode", NULL}},
    {"LearnerHEFinancialSupport", {"FINTYPE", "FINAMOUNT", NULL}},
    {"LearningDelivery",
     {"LearnAimRef", "AimType", "AimSeqNumber", "LearnStartDate", "LearnPlanEndDate",
      "FundModel", "DelLocPostCode", "CompStatus"}},
    {"LearningDeliveryFAM", {"LearnDelFAMType", "LearnDelFAMCode", NULL}},
    {"LearningDeliveryWorkPlacement",
     {"WorkPlaceStartDate", "WorkPlaceHours", "WorkPlaceMode", NULL}},
    {"AppFinRecord", {"AFinType", "AFinCode", "AFinDate", "AFinAmount", NULL}},
    {"ProviderSpecDeliveryMonitoring", {"ProvSpecDelMonOccur", "ProvSpecDelMon", NULL}},
    {"LearningDeliveryHE",
     {"TYPEYR", "MODESTUD", "FUNDLEV", "FUNDCOMP", "YEARSTU", "MSTUFEE", "SPECFEE", NULL}},
    {"LearnerDestinationandProgression", {"LearnRefNumber", "ULN", NULL}, "DPOutcome"},
    {"DPOutcome", {"OutType", "OutCode", "OutStartDate", "OutCollDate", NULL}},
};

static int mandatory_of(const char *name) {
  for (size_t i = 0; i < SP_ARRAY_LEN(mandatory); i++)
    if (strcmp(mandatory[i].entity, name) == 0)
      return (int)i;
  return -1;
}

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

static void add_err(struct ilr_reader *rd, long line, long rec, const char *field,
                    const char *fmt, ...) SP_PRINTF(5, 6);

static void add_err(struct ilr_reader *rd, long line, long rec, const char *field,
                    const char *fmt, ...) {
  if (rec >= 0)
    rd->rec[rec].nerr++;
  if (rd->nerr == MAX_ERRS) {
    rd->lost++;
    return;
  }
  if (rd->nerr == rd->caperr) {
    size_t cap = rd->caperr ? rd->caperr * 2 : 64;
    struct ilr_err *v = sp_realloc(rd->err, cap * sizeof(*v));
    if (!v) {
      rd->oom = 1;
      return;
    }
    rd->err = v;
    rd->caperr = cap;
  }
  struct ilr_err *e = &rd->err[rd->nerr++];
  e->line = line;
  e->rec = rec;
  snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
  va_end(ap);
}

/* Schema errors come from the parser, which runs ahead of the reader: they
 * are kept with their own line and element (from the message, "Element
 * '{ns}ULN': ...") and charged to the record holding that line at the end. */
static void on_error(void *arg, const xmlError *e) {
  struct ilr_reader *rd = arg;
  char msg[200], elem[24] = "";
  snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "error");
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
    msg[--n] = '\0';
  const char *el = strstr(msg, "Element '");
  if (el) {
    el += 9;
    const char *close = strchr(el, '}');
    const char *q = strchr(el, '\'');
    if (close && q && close < q)
      el = close + 1;
    q = strchr(el, '\'');
    if (q)
      snprintf(elem, sizeof(elem), "%.*s", (int)(q - el) < 23 ? (int)(q - el) : 23, el);
  }
  if (e->domain == XML_FROM_SCHEMASV) {
    add_err(rd, e->line, -2, elem, "%s: %s", rule_of(msg), msg);
    return;
  }
  add_err(rd, e->line, -1, elem, "not well-formed XML: %s", msg);
  rd->r->fatal = 1;
}

/* libxml2 prints schema-compiler notes ("namespace warning", "Unimplemented
 * block") through its generic handler; they are not the user's errors. */
static void quiet(void *arg, const char *fmt, ...) {
  (void)arg;
  (void)fmt;
}

static void new_record(struct ilr_reader *rd, char kind, long line) {
  if (rd->nrec == rd->caprec) {
    size_t cap = rd->caprec ? rd->caprec * 2 : 64;
    struct ilr_rec *v = sp_realloc(rd->rec, cap * sizeof(*v));
    if (!v) {
      rd->oom = 1;
      return;
    }
    rd->rec = v;
    rd->caprec = cap;
  }
  struct ilr_rec *c = &rd->rec[rd->nrec];
  memset(c, 0, sizeof(*c));
  c->kind = kind;
  c->no = kind == 'L' ? ++rd->nlearners : ++rd->ndp;
  c->line = line;
  c->dl0 = rd->ndl;
  rd->cur = (long)rd->nrec++;
  rd->cur_dl = -1;
  rd->nfr = 0;
  rd->nocc = 0;
}

/* An entity ends: its mandatory fields that were not given. */
static void pop_frame(struct ilr_reader *rd) {
  const struct frame *f = &rd->fr[--rd->nfr];
  if (mandatory[f->ent].child && !(f->seen & (1u << 31)) && rd->cur >= 0)
    add_err(rd, f->line, rd->cur, mandatory[f->ent].child,
            "occurrence: %s has no %s; the ILR specification 2018 to 2019 requires at least one",
            mandatory[f->ent].entity, mandatory[f->ent].child);
  for (int i = 0; i < 8 && mandatory[f->ent].req[i]; i++)
    if (!(f->seen & (1u << i)) && rd->cur >= 0)
      add_err(rd, f->line, rd->cur, mandatory[f->ent].req[i],
              "mandatory: %s has no %s, which the ILR specification 2018 to 2019 requires",
              mandatory[f->ent].entity, mandatory[f->ent].req[i]);
}

static void on_text(struct ilr_reader *rd, const char *v) {
  if (rd->depth < 2 || rd->cur < 0)
    return;
  if (rd->depth - 1 < MAX_DEPTH)
    rd->had_text[rd->depth - 1] = 1;
  const char *el = rd->path[rd->depth - 1], *parent = rd->path[rd->depth - 2];
  long line = rd->path_line[rd->depth - 1];
  char why[160];
  struct ilr_rec *c = &rd->rec[rd->cur];
  if (sp__ev_ilr_check(el, v, why, sizeof(why)))
    add_err(rd, line, rd->cur, el, "%s (ILR specification 2018 to 2019)", why);
  /* The field is given: the entity it belongs to (the frame at its parent's depth). */
  if (*v && rd->nfr > 0 && rd->fr[rd->nfr - 1].depth == rd->depth - 2) {
    struct frame *f = &rd->fr[rd->nfr - 1];
    for (int i = 0; i < 8 && mandatory[f->ent].req[i]; i++)
      if (strcmp(mandatory[f->ent].req[i], el) == 0)
        f->seen |= 1u << i;
  }
  if (rd->depth == 3 && strcmp(el, "LearnRefNumber") == 0) {
    snprintf(c->ref, sizeof(c->ref), "%s", v);
  } else if (rd->depth == 3 && strcmp(el, "ULN") == 0) {
    snprintf(c->uln, sizeof(c->uln), "%s", v);
  } else if (c->kind == 'L' && strcmp(parent, "LearningDelivery") == 0 && rd->cur_dl >= 0) {
    struct delivery *d = &rd->dl[rd->cur_dl];
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
  if (depth == 1 && strcmp(name, "Learner") == 0)
    new_record(rd, 'L', line);
  else if (depth == 1 && strcmp(name, "LearnerDestinationandProgression") == 0)
    new_record(rd, 'D', line);
  else if (depth == 1)
    rd->cur = -1;
  if (rd->cur < 0 || rd->oom)
    return;
  struct ilr_rec *c = &rd->rec[rd->cur];
  if (rd->nfr > 0 && rd->fr[rd->nfr - 1].depth == depth - 1) {
    struct frame *pf = &rd->fr[rd->nfr - 1];
    if (mandatory[pf->ent].child && strcmp(mandatory[pf->ent].child, name) == 0)
      pf->seen |= 1u << 31;
  }
  int ent = mandatory_of(name);
  if (ent >= 0 && rd->nfr < MAX_FRAMES)
    rd->fr[rd->nfr++] = (struct frame){ent, depth, 0, line};
  if (c->kind == 'L' && strcmp(name, "LearningDelivery") == 0) {
    if (rd->ndl == rd->capdl) {
      size_t cap = rd->capdl ? rd->capdl * 2 : 64;
      struct delivery *nv = sp_realloc(rd->dl, cap * sizeof(*nv));
      if (!nv) {
        rd->oom = 1;
        return;
      }
      rd->dl = nv;
      rd->capdl = cap;
    }
    struct delivery *d = &rd->dl[rd->ndl];
    memset(d, 0, sizeof(*d));
    d->year = -1;
    rd->cur_dl = (int)rd->ndl;
    rd->ndl++;
    c->ndl++;
  }
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
    add_err(rd, line, rd->cur, name,
            "occurrence: %s may occur at most %d times per %s (ILR specification 2018 to 2019)",
            name, max,
            scope == 'L'   ? "learner"
            : scope == 'D' ? "learning delivery"
                           : "employment status");
}

static void on_end(struct ilr_reader *rd, int depth) {
  /* A field that is given but empty: the specification's fields hold at least one character. */
  if (rd->cur >= 0 && depth >= 2 && depth < MAX_DEPTH && !rd->had_text[depth] &&
      !rd->had_child[depth] && sp__ev_ilr_known(rd->path[depth]))
    add_err(rd, rd->path_line[depth], rd->cur, rd->path[depth],
            "field length: %s is empty; a field that is given holds at least 1 character (ILR "
            "specification 2018 to 2019)",
            rd->path[depth]);
  while (rd->nfr > 0 && rd->fr[rd->nfr - 1].depth >= depth)
    pop_frame(rd);
  if (depth == 1)
    rd->cur = -1;
}

struct ref_ix {
  const char *ref;
  long rec;
};

static int ref_cmp(const void *a, const void *b) {
  const struct ref_ix *x = a, *y = b;
  int c = strcmp(x->ref, y->ref);
  return c ? c : (x->rec > y->rec) - (x->rec < y->rec);
}

/* The first index of key in a (sorted by ref_cmp), or n when absent. */
static size_t first_of(const struct ref_ix *a, size_t n, const char *key) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (strcmp(a[mid].ref, key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && strcmp(a[lo].ref, key) == 0 ? lo : n;
}

/* File-level errors (the file is refused) first, then by line. */
static int err_cmp(const void *a, const void *b) {
  const struct ilr_err *x = a, *y = b;
  if ((x->rec == -1) != (y->rec == -1))
    return x->rec == -1 ? -1 : 1;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  return (x > y) - (x < y);
}

/* After the last element: schema errors placed by line, learner references
 * that are not unique, learners whose destination record breaks a rule;
 * then every error into r->errs in line order and the valid learners'
 * deliveries into the summaries. */
static void finish(struct ilr_reader *rd) {
  struct ev_scan_result *r = rd->r;
  size_t n0 = rd->nerr;
  for (size_t i = 0; i < n0; i++) {
    struct ilr_err *e = &rd->err[i];
    if (e->rec != -2)
      continue;
    /* The last record starting at or before the error's line. */
    size_t lo = 0, hi = rd->nrec;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (rd->rec[mid].line <= e->line)
        lo = mid + 1;
      else
        hi = mid;
    }
    if (lo == 0) {
      e->rec = -1; /* the header: the file is refused */
      r->fatal = 1;
      char m[200];
      snprintf(m, sizeof(m), "%s", e->msg);
      snprintf(e->msg, sizeof(e->msg), "%.160s (ILR-2018-19.xsd)", m);
    } else {
      e->rec = (long)lo - 1;
      rd->rec[lo - 1].nerr++;
    }
  }
  /* A learner's reference must be unique in the file. */
  struct ref_ix *ix = rd->nlearners ? sp_malloc((size_t)rd->nlearners * sizeof(*ix)) : NULL;
  struct ref_ix *ux = rd->nlearners ? sp_malloc((size_t)rd->nlearners * sizeof(*ux)) : NULL;
  size_t nl = 0, nu = 0;
  for (size_t i = 0; ix && ux && i < rd->nrec; i++) {
    if (rd->rec[i].kind == 'L' && rd->rec[i].ref[0])
      ix[nl++] = (struct ref_ix){rd->rec[i].ref, (long)i};
    if (rd->rec[i].kind == 'L' && rd->rec[i].uln[0])
      ux[nu++] = (struct ref_ix){rd->rec[i].uln, (long)i};
  }
  if (rd->nlearners && (!ix || !ux))
    rd->oom = 1;
  if (nl > 1)
    qsort(ix, nl, sizeof(*ix), ref_cmp);
  if (nu > 1)
    qsort(ux, nu, sizeof(*ux), ref_cmp);
  for (size_t i = 0; i < nl;) {
    size_t j = i + 1;
    while (j < nl && strcmp(ix[j].ref, ix[i].ref) == 0)
      j++;
    if (j - i > 1)
      for (size_t k = i; k < j; k++)
        add_err(rd, rd->rec[ix[k].rec].line, ix[k].rec, "LearnRefNumber",
                "unique: LearnRefNumber %s is given to %zu learners in this file; each "
                "learner's must be unique (ILR specification 2018 to 2019)",
                ix[k].ref, j - i);
    i = j;
  }
  /* A destination and progression record that breaks a rule makes its
   * learner's return wrong: the learner of the same LearnRefNumber, else
   * the one learner with its ULN (a record whose reference is itself the
   * fault); when neither is known it is reported on its own. */
  for (size_t i = 0; i < rd->nrec; i++) {
    const struct ilr_rec *d = &rd->rec[i];
    if (d->kind != 'D' || d->nerr == 0)
      continue;
    long to = -1;
    size_t lo, hi;
    if (d->ref[0] && nl > 0 && (lo = first_of(ix, nl, d->ref)) < nl)
      to = ix[lo].rec;
    if (to < 0 && d->uln[0] && nu > 0 && (lo = first_of(ux, nu, d->uln)) < nu) {
      hi = lo + 1;
      if (hi == nu || strcmp(ux[hi].ref, d->uln) != 0)
        to = ux[lo].rec; /* exactly one learner has that ULN */
    }
    if (to < 0)
      continue;
    /* The record's first error, charged to the learner too. */
    const struct ilr_err *first = NULL;
    for (size_t k = 0; k < rd->nerr && !first; k++)
      if (rd->err[k].rec == (long)i)
        first = &rd->err[k];
    char m[200];
    snprintf(m, sizeof(m), "%.150s", first ? first->msg : "a rule is broken");
    add_err(rd, rd->rec[to].line, to, first ? first->field : "LearnerDestinationandProgression",
            "%s (in the learner's destination and progression record, line %ld)", m, d->line);
  }
  sp_free(ix);
  sp_free(ux);
  if (rd->nerr > 1)
    qsort(rd->err, rd->nerr, sizeof(*rd->err), err_cmp);
  for (size_t i = 0; i < rd->nerr; i++) {
    const struct ilr_err *e = &rd->err[i];
    if (e->rec < 0) {
      sp__ev_errs_add(&r->errs, e->line, e->field, "%s", e->msg);
      continue;
    }
    const struct ilr_rec *c = &rd->rec[e->rec];
    sp__ev_errs_add(&r->errs, e->line, e->field, "%s %ld (LearnRefNumber %s): %s",
                    c->kind == 'L' ? "learner" : "destination and progression record", c->no,
                    c->ref[0] ? c->ref : "missing", e->msg);
  }
  r->errs.total += rd->lost;
  /* The valid learners' deliveries. */
  const struct ev_dict *dict = rd->job->dict;
  for (size_t i = 0; i < rd->nrec && !rd->oom; i++) {
    const struct ilr_rec *c = &rd->rec[i];
    if (c->kind != 'L')
      continue;
    r->rows_read++;
    if (c->nerr)
      continue;
    r->rows_ok++;
    for (size_t k = c->dl0; k < c->dl0 + c->ndl; k++) {
      const struct delivery *d = &rd->dl[k];
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
      if (d->year < 0 || rd->ukprn < 10000000)
        area = -1;
      if (sp__ev_prov_add(rd->prov, rd->ukprn, area, path, level, d->year, 1, d->achieved) < 0)
        rd->oom = 1;
    }
  }
}

void sp__ev_ilr_init(void) { xmlInitParser(); }

enum sp_rc sp__ev_read_ilr(const struct ev_job *job, const char *data, size_t len,
                           const char *xsd_path, struct ev_scan_result *r) {
  struct ilr_reader rd;
  enum sp_rc rc = SP_OK;
  memset(r, 0, sizeof(*r));
  memset(&rd, 0, sizeof(rd));
  r->errs.keep = job->accept_valid ? 1000000 : 100;
  rd.job = job;
  rd.r = r;
  rd.cur = -1;
  rd.cur_dl = -1;
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
      /* The element's own line (the parser's position runs ahead of it). */
      long line = xmlGetLineNo(xmlTextReaderCurrentNode(xr));
      if (depth < MAX_DEPTH) {
        snprintf(rd.path[depth], sizeof(rd.path[depth]), "%s", name ? name : "");
        rd.path_line[depth] = line;
        rd.had_text[depth] = rd.had_child[depth] = 0;
        if (depth > 0)
          rd.had_child[depth - 1] = 1;
        rd.depth = depth + 1;
      }
      on_start(&rd, name ? name : "", depth, line);
      if (xmlTextReaderIsEmptyElement(xr)) {
        on_end(&rd, depth);
        rd.depth = depth;
      }
    } else if (type == XML_READER_TYPE_TEXT) {
      const char *v = (const char *)xmlTextReaderConstValue(xr);
      on_text(&rd, v ? v : "");
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      on_end(&rd, depth);
      rd.depth = depth;
    }
    if (rd.oom) {
      rc = SP_ENOMEM;
      goto out;
    }
  }
  if (ret < 0 && !r->fatal) {
    add_err(&rd, xmlTextReaderGetParserLineNumber(xr), -1, "",
            "not well-formed XML (the file may be truncated)");
    r->fatal = 1;
  }
  rd.nfr = 0; /* truncated inside a record: its open entities are not judged */
  finish(&rd);
  if (rd.oom) {
    rc = SP_ENOMEM;
    goto out;
  }
  if (ret == 0 && !xmlTextReaderIsValid(xr) && r->errs.total == 0) {
    sp__ev_errs_add(&r->errs, xmlTextReaderGetParserLineNumber(xr), "",
                    "the file does not follow the ILR 2018-19 schema");
    r->fatal = 1;
  }
  if (!r->fatal && r->rows_read == 0) {
    sp__ev_errs_add(&r->errs, 1, "", "the file holds no Learner");
    r->fatal = 1;
  }
out:
  xmlFreeTextReader(xr);
  xmlSetGenericErrorFunc(NULL, NULL);
  sp_free(rd.rec);
  sp_free(rd.err);
  sp_free(rd.dl);
  return rc;
}
