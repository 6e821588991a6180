/*
 * ilr_rules.c: the field rules of the ILR 2018 to 2019 specification (ESFA,
 * "ILR specification for 2018 to 2019", field definitions: each field's
 * type, N numeric or A alphanumeric, and maximum length; valid ranges of
 * numeric fields; how often an entity may occur) that the relaxed XML
 * schema ESFA also publishes (data/evidence/ILR-2018-19.xsd, checked as
 * well) leaves out. The reader checks every element's text against this
 * table and counts the entities with an occurrence limit per learner or
 * per learning delivery. The table was transcribed by hand; a field not
 * listed is checked by the schema only.
 */
#include <stdio.h>
#include <string.h>

#include "ev_int.h"

struct ilr_field {
  const char *name;
  char type;      /* 'N' digits only, 'A' any characters, 'F' a decimal XXX.X */
  int max_len;    /* characters */
  long long min, max; /* range for N fields; min > max: no range */
  char pat;       /* A fields: a pattern kind (see pattern_ok), 0 for none */
  int min_len;    /* codes of a fixed length */
};

static const struct ilr_field fields[] = {
    /* Learner */
    {"LearnRefNumber", 'A', 12, 1, 0, 'R'},
    {"PrevLearnRefNumber", 'A', 12, 1, 0, 'R'},
    {"PrevUKPRN", 'N', 8, 10000000, 99999999},
    {"PMUKPRN", 'N', 8, 10000000, 99999999},
    {"ULN", 'N', 10, 1000000000, 9999999999LL},
    {"FamilyName", 'A', 100, 1, 0, 'M'},
    {"GivenNames", 'A', 100, 1, 0, 'M'},
    {"Ethnicity", 'N', 2, 31, 99},
    {"Sex", 'A', 1, 1, 0, 'S'},
    {"LLDDHealthProb", 'N', 1, 1, 9},
    {"NINumber", 'A', 9, 1, 0, 'I'},
    {"PriorAttain", 'N', 2, 1, 99},
    {"Accom", 'N', 1, 1, 9},
    {"ALSCost", 'N', 6, 0, 999999},
    {"PlanLearnHours", 'N', 4, 0, 9999},
    {"PlanEEPHours", 'N', 4, 0, 9999},
    {"MathGrade", 'A', 4, 1, 0, 'G'},
    {"EngGrade", 'A', 4, 1, 0, 'G'},
    {"PostcodePrior", 'A', 8, 1, 0, 'P'},
    {"Postcode", 'A', 8, 1, 0, 'P'},
    {"AddLine1", 'A', 50, 1, 0, 'D'},
    {"AddLine2", 'A', 50, 1, 0, 'D'},
    {"AddLine3", 'A', 50, 1, 0, 'D'},
    {"AddLine4", 'A', 50, 1, 0, 'D'},
    {"TelNo", 'N', 18, 1, 0},
    {"Email", 'A', 100, 1, 0, 'E'},
    {"ContPrefType", 'A', 3, 1, 0, 'U', 3},
    {"ContPrefCode", 'N', 1, 1, 9},
    {"LLDDCat", 'N', 2, 1, 99},
    {"PrimaryLLDD", 'N', 1, 1, 1},
    {"LearnFAMType", 'A', 3, 1, 0, 'U', 3},
    {"LearnFAMCode", 'N', 3, 1, 999},
    {"ProvSpecLearnMonOccur", 'A', 1, 1, 0, 'B'},
    {"ProvSpecLearnMon", 'A', 20, 1, 0, 'D'},
    {"EmpStat", 'N', 2, 10, 98},
    {"EmpId", 'N', 9, 1, 999999999},
    {"ESMType", 'A', 3, 1, 0, 'U', 3},
    {"ESMCode", 'N', 2, 1, 99},
    {"UCASPERID", 'N', 10, 1, 9999999999LL},
    {"TTACCOM", 'N', 1, 1, 9},
    {"FINTYPE", 'N', 1, 1, 4},
    {"FINAMOUNT", 'N', 6, 0, 999999},
    /* LearningDelivery */
    {"LearnAimRef", 'A', 8, 1, 0, 'C', 8},
    {"AimType", 'N', 1, 1, 5},
    {"AimSeqNumber", 'N', 2, 1, 98},
    {"FundModel", 'N', 2, 10, 99},
    {"ProgType", 'N', 2, 2, 99},
    {"FworkCode", 'N', 3, 1, 999},
    {"PwayCode", 'N', 3, 0, 999},
    {"StdCode", 'N', 5, 1, 99999},
    {"PartnerUKPRN", 'N', 8, 10000000, 99999999},
    {"DelLocPostCode", 'A', 8, 1, 0, 'P'},
    {"AddHours", 'N', 4, 0, 9999},
    {"PriorLearnFundAdj", 'N', 2, 0, 99},
    {"OtherFundAdj", 'N', 3, 0, 999},
    {"ConRefNumber", 'A', 20, 1, 0, 'C'},
    {"EPAOrgID", 'A', 7, 1, 0, 'Z', 7},
    {"EmpOutcome", 'N', 1, 1, 9},
    {"CompStatus", 'N', 1, 1, 6},
    {"WithdrawReason", 'N', 2, 1, 99},
    {"Outcome", 'N', 1, 1, 8},
    {"OutGrade", 'A', 6, 1, 0},
    {"SWSupAimId", 'A', 36, 1, 0, 'H'},
    {"LearnDelFAMType", 'A', 3, 1, 0, 'T', 3},
    {"LearnDelFAMCode", 'A', 5, 1, 0, '9'},
    {"WorkPlaceHours", 'N', 4, 1, 9999},
    {"WorkPlaceMode", 'N', 1, 1, 2},
    {"WorkPlaceEmpId", 'N', 9, 1, 999999999},
    {"AFinType", 'A', 3, 1, 0, 'U', 3},
    {"AFinCode", 'N', 2, 1, 99},
    {"AFinAmount", 'N', 6, 0, 999999},
    {"ProvSpecDelMonOccur", 'A', 1, 1, 0, 'Q'},
    {"ProvSpecDelMon", 'A', 20, 1, 0, 'K'},
    {"AgreeId", 'A', 6, 1, 0, 'C'},
    /* LearningDeliveryHE */
    {"NUMHUS", 'A', 20, 1, 0, 'C'},
    {"SSN", 'A', 13, 1, 0, 'C'},
    {"QUALENT3", 'A', 3, 1, 0, 'C'},
    {"SOC2000", 'N', 4, 1, 9999},
    {"SEC", 'N', 1, 1, 9},
    {"UCASAPPID", 'A', 9, 1, 0, 'Y'},
    {"TYPEYR", 'N', 1, 1, 5},
    {"MODESTUD", 'N', 2, 1, 99},
    {"FUNDLEV", 'N', 2, 1, 99},
    {"FUNDCOMP", 'N', 1, 1, 9},
    {"YEARSTU", 'N', 2, 1, 99},
    {"MSTUFEE", 'N', 2, 1, 99},
    /* Decimals XXX.X (type 'F'): range in tenths */
    {"STULOAD", 'F', 5, 0, 3000},
    {"PCOLAB", 'F', 5, 0, 1000},
    {"PCFLDCS", 'F', 5, 0, 1000},
    {"PCSLDCS", 'F', 5, 0, 1000},
    {"PCTLDCS", 'F', 5, 0, 1000},
    {"SPECFEE", 'N', 1, 0, 9},
    {"NETFEE", 'N', 6, 0, 999999},
    {"GROSSFEE", 'N', 6, 0, 999999},
    {"DOMICILE", 'A', 2, 1, 0, 'U', 2},
    {"ELQ", 'N', 1, 1, 9},
    {"HEPostCode", 'A', 8, 1, 0, 'P'},
    /* LearnerDestinationandProgression */
    {"OutType", 'A', 3, 1, 0, 'U', 3},
    {"OutCode", 'N', 3, 1, 999},
};

/* Entities with an occurrence limit, counted per learner (L) or per delivery (D). */
static const struct {
  const char *name;
  char scope;
  int max;
} occurs[] = {
    {"ContactPreference", 'L', 5},
    {"LLDDandHealthProblem", 'L', 21}, /* one per LLDD category (21 in 2018 to 2019) */
    {"LearnerFAM", 'L', 9},
    {"ProviderSpecLearnerMonitoring", 'L', 2},
    {"LearnerHE", 'L', 1},
    {"LearnerHEFinancialSupport", 'L', 4},
    {"ProviderSpecDeliveryMonitoring", 'D', 4},
    {"LearningDeliveryHE", 'D', 1},
    {"EmploymentStatusMonitoring", 'E', 6},
};

static size_t utf8_chars(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

static int is_alpha(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* The patterns of the specification's alphanumeric fields:
 * R letters, digits, spaces (reference numbers); C letters and digits
 * (codes); U capital letters; M a name: starts with a letter, then letters
 * (any script), spaces, hyphens, apostrophes, full stops; D address text:
 * letters, digits, spaces and , . ' - / & ( ); S M or F; I a National
 * Insurance number (two letters, six digits, A-D or space); G a GCSE grade
 * (NONE, or A-G, U, * and digits); P a UK postcode; E an email address;
 * B provider monitoring occurrence A or B; Q A to D; Z an end-point
 * assessment organisation, EPA and four digits; H a GUID (8-4-4-4-12 hex
 * digits); T a learning delivery FAM type of the specification's list; 9
 * digits only; K capital letters, digits, spaces and - / . (provider
 * delivery monitoring); Y a UCAS application: capital letters then digits.
 * (ESFA's field-pattern test file gives a failing value for each.) */
static int pattern_ok(char pat, const char *v) {
  const unsigned char *p = (const unsigned char *)v;
  size_t n = strlen(v);
  switch (pat) {
  case 'R':
  case 'C':
  case 'U':
    for (; *p; p++)
      if (!(is_alpha(*p) || (pat != 'U' && is_digit(*p)) || (pat == 'R' && *p == ' ')) ||
          (pat == 'U' && *p >= 'a'))
        return 0;
    return 1;
  case 'M':
    if (*p < 0x80 && !is_alpha(*p))
      return 0;
    for (; *p; p++)
      if (*p < 0x80 && !is_alpha(*p) && !strchr(" -'.", *p))
        return 0;
    return 1;
  case 'D':
    for (; *p; p++)
      if (*p < 0x80 && !is_alpha(*p) && !is_digit(*p) && !strchr(" ,.'-/&()", *p))
        return 0;
    return 1;
  case 'S':
    return strcmp(v, "M") == 0 || strcmp(v, "F") == 0;
  case 'I':
    if (n != 9 || !is_alpha(p[0]) || !is_alpha(p[1]))
      return 0;
    for (int i = 2; i < 8; i++)
      if (!is_digit(p[i]))
        return 0;
    return (p[8] >= 'A' && p[8] <= 'D') || p[8] == ' ';
  case 'G':
    if (strcmp(v, "NONE") == 0)
      return 1;
    for (; *p; p++)
      if (!strchr("ABCDEFGU*0123456789", *p))
        return 0;
    return 1;
  case 'P': {
    char out[16];
    return n >= 5 && strchr(v, ' ') && sp__ev_postcode_norm(v, n, out) == n;
  }
  case 'E': {
    const char *at = strchr(v, '@');
    return at && at != v && !strchr(at + 1, '@') && strchr(at + 1, '.') && !strchr(v, ' ') &&
           at[1] != '.' && v[n - 1] != '.';
  }
  case 'B':
    return strcmp(v, "A") == 0 || strcmp(v, "B") == 0;
  case 'Z':
    if (n != 7 || strncmp(v, "EPA", 3) != 0)
      return 0;
    for (int i = 3; i < 7; i++)
      if (!is_digit(p[i]))
        return 0;
    return 1;
  case 'H': {
    static const int groups[5] = {8, 4, 4, 4, 12};
    for (int g = 0; g < 5; g++) {
      for (int i = 0; i < groups[g]; i++, p++)
        if (!is_digit(*p) && !((*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
          return 0;
      if (g < 4 && *p++ != '-')
        return 0;
    }
    return *p == '\0';
  }
  case 'T': {
    static const char *const types[] = {"ACT", "ADL", "ALB", "ASL", "EEF", "FFI", "FLN", "HEM",
                                        "HHS", "LDM", "LSF", "NSA", "POD", "RES", "SOF", "SPP",
                                        "WPL", "WPP", "TBS", NULL};
    for (int i = 0; types[i]; i++)
      if (strcmp(v, types[i]) == 0)
        return 1;
    return 0;
  }
  case '9':
    for (; *p; p++)
      if (!is_digit(*p))
        return 0;
    return n > 0;
  case 'K':
    for (; *p; p++)
      if (!(*p >= 'A' && *p <= 'Z') && !is_digit(*p) && !strchr(" -/.", *p))
        return 0;
    return 1;
  case 'Y': {
    size_t i = 0;
    while (i < n && p[i] >= 'A' && p[i] <= 'Z')
      i++;
    if (i == 0 || i == n)
      return 0;
    for (; i < n; i++)
      if (!is_digit(p[i]))
        return 0;
    return 1;
  }
  case 'Q':
    return n == 1 && v[0] >= 'A' && v[0] <= 'D';
  default:
    return 1;
  }
}

/* A numeric field (type N): surrounding spaces are dropped, as the
 * schema's numeric types collapse them; a minus sign is read so that a
 * negative value is reported as out of range; a value both too long and out
 * of range names both rules. */
static int check_number(const struct ilr_field *f, const char *elem, const char *v, char *why,
                        size_t whysz) {
  char t[64];
  while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
    v++;
  snprintf(t, sizeof(t), "%s", v);
  size_t n = strlen(t);
  while (n && strchr(" \t\r\n", t[n - 1]))
    t[--n] = '\0';
  const char *d = t[0] == '-' && t[1] ? t + 1 : t;
  if (!*d) {
    snprintf(why, whysz, "pattern: %s must not be empty", elem);
    return 1;
  }
  long long x = 0;
  for (const char *p = d; *p; p++) {
    if (*p < '0' || *p > '9') {
      snprintf(why, whysz, "pattern: %s must be digits only (N%d), found \"%.20s\"", elem,
               f->max_len, v);
      return 1;
    }
    if (x < 100000000000000000LL)
      x = x * 10 + (*p - '0');
  }
  if (d != t)
    x = -x;
  int too_long = (int)n > f->max_len;
  int out = f->min <= f->max && (x < f->min || x > f->max);
  if (out && too_long)
    snprintf(why, whysz,
             "range: %s is %s, outside %lld to %lld; field length: %zu characters, at most %d "
             "(N%d)",
             elem, t, f->min, f->max, n, f->max_len, f->max_len);
  else if (out)
    snprintf(why, whysz, "range: %s is %s, outside %lld to %lld", elem, t, f->min, f->max);
  else if (too_long)
    snprintf(why, whysz, "field length: %s is %zu characters, at most %d allowed (N%d)", elem, n,
             f->max_len, f->max_len);
  return out || too_long;
}

int sp__ev_ilr_check(const char *elem, const char *v, char *why, size_t whysz) {
  for (size_t i = 0; i < SP_ARRAY_LEN(fields); i++) {
    const struct ilr_field *f = &fields[i];
    if (strcmp(f->name, elem) != 0)
      continue;
    if (f->type == 'N')
      return check_number(f, elem, v, why, whysz);
    size_t len = utf8_chars(v);
    if (f->type == 'F') {
      /* At most three digits before the point and one after. */
      const char *dot = strchr(v, '.');
      size_t ip = dot ? (size_t)(dot - v) : strlen(v), fp = dot ? strlen(dot + 1) : 0;
      long long x = 0;
      int ok = ip > 0 && (!dot || fp == 1);
      for (size_t k = 0; ok && k < ip + (dot ? 1 + fp : 0); k++)
        ok = (k == ip && dot) || (v[k] >= '0' && v[k] <= '9');
      if (!ok) {
        snprintf(why, whysz, "pattern: %s must be a decimal such as 10.5, found \"%.20s\"", elem,
                 v);
        return 1;
      }
      if (ip > 3) {
        snprintf(why, whysz,
                 "field length: %s has %zu digits before the point, at most 3 (XXX.X)", elem, ip);
        return 1;
      }
      for (size_t k = 0; k < ip; k++)
        x = x * 10 + (v[k] - '0');
      x = x * 10 + (dot ? dot[1] - '0' : 0);
      if (x < f->min || x > f->max) {
        snprintf(why, whysz, "range: %s is %s, outside %lld.%lld to %lld.%lld", elem, v,
                 f->min / 10, f->min % 10, f->max / 10, f->max % 10);
        return 1;
      }
      return 0;
    }
    if ((int)len > f->max_len) {
      snprintf(why, whysz, "field length: %s is %zu characters, at most %d allowed (%c%d)",
               elem, len, f->max_len, f->type, f->max_len);
      return 1;
    }
    if (f->pat && !pattern_ok(f->pat, v)) {
      snprintf(why, whysz, "pattern: %s \"%.30s\" does not match the field's pattern", elem, v);
      return 1;
    }
    if ((int)len < f->min_len) {
      snprintf(why, whysz, "pattern: %s must be %d characters, found %zu", elem, f->min_len, len);
      return 1;
    }
    return 0;
  }
  return 0;
}

int sp__ev_ilr_known(const char *elem) {
  for (size_t i = 0; i < SP_ARRAY_LEN(fields); i++)
    if (strcmp(fields[i].name, elem) == 0)
      return 1;
  return 0;
}

int sp__ev_ilr_max_occurs(const char *elem, char *scope) {
  for (size_t i = 0; i < SP_ARRAY_LEN(occurs); i++)
    if (strcmp(occurs[i].name, elem) == 0) {
      *scope = occurs[i].scope;
      return occurs[i].max;
    }
  return 0;
}
