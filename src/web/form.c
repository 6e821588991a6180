/*
 * form.c: the form layer (see form.h). Reading turns what a person typed
 * into the typed record the library takes and checks every field at once;
 * the view gives the partials (web/templates/partials/) what they draw; the
 * flash message rides one redirect in a short-lived cookie.
 */
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/text.h"
#include "web_int.h"

#define DEFAULT_MAX 2000
#define FLASH_COOKIE "sp_flash"

/* ---- money ---- */

const char *sp_form_money(long long pence, char *buf, size_t n) {
  char digits[32], grouped[48];
  int neg = pence < 0;
  unsigned long long v = neg ? (unsigned long long)(-(pence + 1)) + 1 : (unsigned long long)pence;
  snprintf(digits, sizeof(digits), "%llu", v / 100);
  size_t len = strlen(digits), w = 0;
  for (size_t i = 0; i < len && w + 2 < sizeof(grouped); i++) {
    if (i && (len - i) % 3 == 0)
      grouped[w++] = ',';
    grouped[w++] = digits[i];
  }
  grouped[w] = '\0';
  snprintf(buf, n, "%s£%s.%02llu", neg ? "-" : "", grouped, v % 100);
  return buf;
}

const char *sp_form_date_text(const char *iso, char *buf, size_t n) {
  static const char *const months[] = {"January", "February", "March",     "April",
                                       "May",     "June",     "July",      "August",
                                       "September", "October", "November", "December"};
  int32_t day;
  int y, m, d;
  if (!iso || sp_date_parse(iso, &day) != SP_OK) {
    snprintf(buf, n, "%s", iso ? iso : "");
    return buf;
  }
  sp_date_to_ymd(day, &y, &m, &d);
  snprintf(buf, n, "%d %s %d", d, months[(m - 1) % 12], y);
  return buf;
}

int sp_form_parse_money(const char *s, long long *out) {
  long long whole = 0, pence = 0;
  int digits = 0, frac = -1;
  while (*s == ' ')
    s++;
  if (!strncmp(s, "£", strlen("£")))
    s += strlen("£");
  for (const char *p = s; *p; p++) {
    if (*p == ' ' && !p[strspn(p, " ")])
      break; /* trailing spaces */
    if (*p == ',' && frac < 0 && digits)
      continue;
    if (*p == '.' && frac < 0) {
      frac = 0;
      continue;
    }
    if (*p < '0' || *p > '9')
      return 0;
    if (frac < 0) {
      if (whole > 10000000000000LL)
        return 0;
      whole = whole * 10 + (*p - '0');
      digits++;
    } else if (frac < 2) {
      pence = pence * 10 + (*p - '0');
      frac++;
    } else {
      return 0;
    }
  }
  if (!digits || frac == 0)
    return 0;
  if (frac == 1)
    pence *= 10;
  *out = whole * 100 + pence;
  return 1;
}

/* ---- errors ---- */

/* The field's name in a message: `called`, or the label without "(optional)". */
static const char *called(const struct sp_form_field *fd, char *buf, size_t n) {
  if (fd->called)
    return fd->called;
  const char *opt = strstr(fd->label, " (optional)");
  snprintf(buf, n, "%.*s", opt ? (int)(opt - fd->label) : (int)strlen(fd->label), fd->label);
  return buf;
}

static void href_for(const struct sp_form_field *fd, char *buf, size_t n) {
  if (fd->type == SP_F_DATE)
    snprintf(buf, n, "#%s-day", fd->name);
  else
    snprintf(buf, n, "#%s", fd->name);
}

static const struct sp_form_field *field_of(const struct sp_form *f, const char *name) {
  for (size_t i = 0; name && i < f->nfields; i++)
    if (!strcmp(f->fields[i].name, name))
      return &f->fields[i];
  return NULL;
}

static void add_error(json_t *errors, const struct sp_form_field *fd, const char *msg) {
  char href[96];
  href_for(fd, href, sizeof(href));
  json_array_append_new(errors,
                        json_pack("{s:s, s:s, s:s}", "field", fd->name, "message", msg, "href", href));
}

static void add_errorf(json_t *errors, const struct sp_form_field *fd, const char *fmt,
                       const char *a, long long b) {
  char msg[600];
  snprintf(msg, sizeof(msg), fmt, a, b);
  add_error(errors, fd, msg);
}

void sp_form_error(const struct sp_form *f, json_t *errors, const char *name, const char *message) {
  const struct sp_form_field *fd = field_of(f, name);
  if (fd) {
    add_error(errors, fd, message);
    return;
  }
  char href[96];
  snprintf(href, sizeof(href), "#%s", f->id);
  json_array_append_new(errors,
                        json_pack("{s:s, s:s, s:s}", "field", name, "message", message, "href", href));
}

void sp_form_ctx_error(struct sp_ctx *ctx, const struct sp_form *f, json_t *errors) {
  const char *field = sp_ctx_errfield(ctx);
  const struct sp_form_field *fd = f ? field_of(f, field) : NULL;
  char href[96];
  if (fd)
    href_for(fd, href, sizeof(href));
  else
    snprintf(href, sizeof(href), "#%s", f && f->id ? f->id : "main-content");
  json_array_append_new(errors, json_pack("{s:s, s:s, s:s}", "field", fd ? fd->name : "",
                                          "message", sp_ctx_errmsg(ctx), "href", href));
  sp_ctx_clear(ctx);
}

enum sp_rc sp_form_api_error(struct sp_req *req, json_t *errors) {
  json_t *first = json_array_get(errors, 0);
  json_t *list = json_array();
  size_t i;
  json_t *e;
  json_array_foreach(errors, i, e) json_array_append_new(
      list, json_pack("{s:O, s:O}", "field", json_object_get(e, "field"), "message",
                      json_object_get(e, "message")));
  const char *field = json_string_value(json_object_get(first, "field"));
  json_t *body = json_pack("{s:{s:s, s:O, s:o, s:o}}", "error", "code", sp_rc_code(SP_EINVAL),
                           "message", json_object_get(first, "message"), "field",
                           field && *field ? json_string(field) : json_null(), "errors", list);
  json_decref(errors);
  return sp_resp_json(req, 400, body);
}

/* ---- choices ---- */

/* The choices of a field as [{value, label}] (borrowed from data or built
 * into *owned). */
static const json_t *choices_of(const struct sp_form_field *fd, const json_t *data, json_t **owned) {
  *owned = NULL;
  if (fd->options) {
    json_t *a = json_array();
    for (const struct sp_form_option *o = fd->options; o->value; o++)
      json_array_append_new(a, json_pack("{s:s, s:s}", "value", o->value, "label", o->label));
    *owned = a;
    return a;
  }
  if (fd->choices && data)
    return json_object_get(data, fd->choices);
  return NULL;
}

/* The value of a choice as text (ids may be integers). */
static const char *choice_value(const json_t *c, char *buf, size_t n) {
  json_t *v = json_object_get(c, "value");
  if (json_is_integer(v)) {
    snprintf(buf, n, "%lld", (long long)json_integer_value(v));
    return buf;
  }
  return json_is_string(v) ? json_string_value(v) : "";
}

static int is_choice(const struct sp_form_field *fd, const json_t *data, const char *v) {
  json_t *owned;
  const json_t *cs = choices_of(fd, data, &owned);
  if (!cs) {
    json_decref(owned);
    return 1; /* not known here: the library checks it */
  }
  int ok = 0;
  size_t i;
  json_t *c;
  char buf[32];
  json_array_foreach(cs, i, c) if (!strcmp(choice_value(c, buf, sizeof(buf)), v)) ok = 1;
  json_decref(owned);
  return ok;
}

/* ---- reading ---- */

static int blank(const char *s) { return !s || !s[strspn(s, " \t\r\n")]; }

static const char *missing_msg(const struct sp_form_field *fd, char *buf, size_t n) {
  if (fd->missing)
    return fd->missing;
  char nb[120];
  snprintf(buf, n, "Enter %s", called(fd, nb, sizeof(nb)));
  return buf;
}

/* Checks a text's length; counts characters, not bytes. */
static void check_text(json_t *errors, const struct sp_form_field *fd, const char *v) {
  size_t max = fd->max ? fd->max : DEFAULT_MAX;
  size_t len = sp_utf8_len(v);
  if (len > max)
  {
    char nb[120];
    add_errorf(errors, fd, "%s must be %lld characters or fewer", called(fd, nb, sizeof(nb)),
               (long long)max);
  }
}

/* A date from its three parts; sets *out "YYYY-MM-DD". */
static void read_date(json_t *errors, json_t *record, const struct sp_form_field *fd,
                      const char *d, const char *m, const char *y) {
  char buf[400];
  if (blank(d) && blank(m) && blank(y)) {
    if (fd->flags & SP_FF_REQUIRED)
      add_error(errors, fd, missing_msg(fd, buf, sizeof(buf)));
    return;
  }
  const char *parts[3] = {d, m, y}, *names[3] = {"a day", "a month", "a year"};
  long vals[3] = {0, 0, 0};
  for (int i = 0; i < 3; i++) {
    if (blank(parts[i])) {
      char nb[120];
      snprintf(buf, sizeof(buf), "%s must include %s", called(fd, nb, sizeof(nb)), names[i]);
      add_error(errors, fd, buf);
      return;
    }
    char *end;
    vals[i] = strtol(parts[i], &end, 10);
    while (*end == ' ')
      end++;
    if (*end || vals[i] < 0) {
      vals[i] = -1;
    }
  }
  char inv[400], nb[120];
  snprintf(inv, sizeof(inv), "%s must be a real date", called(fd, nb, sizeof(nb)));
  if (vals[0] < 1 || vals[1] < 1 || vals[2] < 1000 || vals[2] > 9999 ||
      !sp_date_valid_ymd((int)vals[2], (int)vals[1], (int)vals[0])) {
    add_error(errors, fd, fd->invalid ? fd->invalid : inv);
    return;
  }
  char iso[32];
  snprintf(iso, sizeof(iso), "%04d-%02d-%02d", (int)vals[2], (int)vals[1], (int)vals[0]);
  json_object_set_new(record, fd->name, json_string(iso));
}

static void read_money(json_t *errors, json_t *record, const struct sp_form_field *fd,
                       const char *v) {
  char buf[400], nb[120];
  long long p;
  called(fd, nb, sizeof(nb));
  if (blank(v)) {
    if (fd->flags & SP_FF_REQUIRED)
      add_error(errors, fd, missing_msg(fd, buf, sizeof(buf)));
    return;
  }
  if (!sp_form_parse_money(v, &p)) {
    snprintf(buf, sizeof(buf), "%s must be an amount in pounds, like £250,000", nb);
    add_error(errors, fd, fd->invalid ? fd->invalid : buf);
    return;
  }
  if (fd->max && p > (long long)fd->max * 100) {
    char m[40];
    snprintf(buf, sizeof(buf), "%s must be %s or less", nb,
             sp_form_money((long long)fd->max * 100, m, sizeof(m)));
    add_error(errors, fd, buf);
    return;
  }
  json_object_set_new(record, fd->name, json_integer(p));
}

static void read_choice(json_t *errors, json_t *record, const struct sp_form_field *fd,
                        const char *v, const json_t *data) {
  char buf[400], nb[120];
  if (blank(v)) {
    if (fd->flags & SP_FF_REQUIRED)
      add_error(errors, fd, missing_msg(fd, buf, sizeof(buf)));
    return;
  }
  if (!is_choice(fd, data, v)) {
    snprintf(buf, sizeof(buf), "Select %s from the list", called(fd, nb, sizeof(nb)));
    add_error(errors, fd, fd->invalid ? fd->invalid : buf);
    return;
  }
  if (fd->flags & SP_FF_BOOL)
    json_object_set_new(record, fd->name, json_boolean(!strcmp(v, "yes")));
  else if (fd->flags & SP_FF_INT)
    json_object_set_new(record, fd->name, json_integer(strtoll(v, NULL, 10)));
  else
    json_object_set_new(record, fd->name, json_string(v));
}

enum sp_rc sp_form_read(struct sp_req *req, const struct sp_form *f, const json_t *choices,
                        json_t **record, json_t **values, json_t **errors) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *rec = json_object(), *vals = json_object(), *errs = json_array();
  if (!rec || !vals || !errs) {
    json_decref(rec);
    json_decref(vals);
    json_decref(errs);
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory reading a form");
  }
  for (size_t i = 0; i < f->nfields; i++) {
    const struct sp_form_field *fd = &f->fields[i];
    char buf[400], nb[120];
    if (fd->type == SP_F_DATE) {
      char k[3][80];
      const char *sfx[3] = {"day", "month", "year"};
      const char *p[3];
      json_t *dv = json_object();
      for (int j = 0; j < 3; j++) {
        snprintf(k[j], sizeof(k[j]), "%s-%s", fd->name, sfx[j]);
        p[j] = sp_req_form(req, k[j]);
        json_object_set_new(dv, sfx[j], json_string(p[j] ? p[j] : ""));
      }
      json_object_set_new(vals, fd->name, dv);
      read_date(errs, rec, fd, p[0], p[1], p[2]);
      continue;
    }
    if (fd->type == SP_F_CHECKBOXES) {
      json_t *all = sp_req_form_all(req, fd->name), *out = json_array();
      json_object_set(vals, fd->name, all);
      size_t k;
      json_t *x;
      int bad = 0;
      json_array_foreach(all, k, x) {
        const char *v = json_string_value(x);
        if (!is_choice(fd, choices, v))
          bad = 1;
        else
          json_array_append_new(out, (fd->flags & SP_FF_INT) ? json_integer(strtoll(v, NULL, 10))
                                                             : json_string(v));
      }
      if (bad) {
        snprintf(buf, sizeof(buf), "Select %s from the list", called(fd, nb, sizeof(nb)));
        add_error(errs, fd, fd->invalid ? fd->invalid : buf);
      } else if (!json_array_size(out) && (fd->flags & SP_FF_REQUIRED)) {
        add_error(errs, fd, missing_msg(fd, buf, sizeof(buf)));
      }
      json_object_set_new(rec, fd->name, out);
      continue;
    }
    const char *v = sp_req_form(req, fd->name);
    json_object_set_new(vals, fd->name, json_string(v ? v : ""));
    switch (fd->type) {
    case SP_F_TEXT:
    case SP_F_TEXTAREA:
    case SP_F_HIDDEN:
      if (blank(v)) {
        if (fd->flags & SP_FF_REQUIRED)
          add_error(errs, fd, missing_msg(fd, buf, sizeof(buf)));
        else if (v && fd->type != SP_F_HIDDEN)
          json_object_set_new(rec, fd->name, json_string("")); /* cleared */
        break;
      }
      check_text(errs, fd, v);
      json_object_set_new(rec, fd->name, json_string(v));
      break;
    case SP_F_MONEY:
      read_money(errs, rec, fd, v);
      break;
    case SP_F_SELECT:
    case SP_F_RADIOS:
      read_choice(errs, rec, fd, v, choices);
      break;
    default:
      break;
    }
  }
  if (f->rule)
    f->rule(f, rec, errs);
  *record = rec;
  *values = vals;
  *errors = errs;
  return SP_OK;
}

enum sp_rc sp_form_read_json(struct sp_ctx *ctx, const struct sp_form *f, const json_t *in,
                             int partial, const json_t *choices, json_t **errors) {
  json_t *errs = json_array();
  if (!errs)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  for (size_t i = 0; i < f->nfields; i++) {
    const struct sp_form_field *fd = &f->fields[i];
    json_t *v = json_object_get(in, fd->name);
    char buf[400], nb[120];
    if (fd->type == SP_F_HIDDEN)
      continue;
    if (!v || json_is_null(v) || (json_is_string(v) && blank(json_string_value(v))) ||
        (json_is_array(v) && !json_array_size(v))) {
      if ((fd->flags & SP_FF_REQUIRED) && (!partial || v))
        add_error(errs, fd, missing_msg(fd, buf, sizeof(buf)));
      continue;
    }
    switch (fd->type) {
    case SP_F_TEXT:
    case SP_F_TEXTAREA:
      if (!json_is_string(v))
        add_errorf(errs, fd, "%s must be text", called(fd, nb, sizeof(nb)), 0);
      else
        check_text(errs, fd, json_string_value(v));
      break;
    case SP_F_DATE: {
      int32_t day;
      char inv[400];
      snprintf(inv, sizeof(inv), "%s must be a real date, written YYYY-MM-DD", called(fd, nb, sizeof(nb)));
      if (!json_is_string(v) || sp_date_parse(json_string_value(v), &day) != SP_OK)
        add_error(errs, fd, inv);
      break;
    }
    case SP_F_MONEY:
      if (!json_is_integer(v) || json_integer_value(v) < 0)
        add_errorf(errs, fd, "%s must be a whole number of pence, 0 or more", called(fd, nb, sizeof(nb)), 0);
      else if (fd->max && json_integer_value(v) > (json_int_t)fd->max * 100)
        add_errorf(errs, fd, "%s must be at most %lld pence", called(fd, nb, sizeof(nb)), (long long)fd->max * 100);
      break;
    case SP_F_SELECT:
    case SP_F_RADIOS: {
      char num[32];
      const char *s = json_is_string(v) ? json_string_value(v) : NULL;
      if (fd->flags & SP_FF_BOOL) {
        if (!json_is_boolean(v) && !(json_is_integer(v) && (json_integer_value(v) == 0 ||
                                                             json_integer_value(v) == 1)))
          add_errorf(errs, fd, "%s must be true or false", called(fd, nb, sizeof(nb)), 0);
        break;
      }
      if (json_is_integer(v)) {
        snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
        s = num;
      }
      if (!s || !is_choice(fd, choices, s)) {
        snprintf(buf, sizeof(buf), "Select %s from the list", called(fd, nb, sizeof(nb)));
        add_error(errs, fd, fd->invalid ? fd->invalid : buf);
      }
      break;
    }
    case SP_F_CHECKBOXES:
      if (!json_is_array(v))
        add_errorf(errs, fd, "%s must be a list", called(fd, nb, sizeof(nb)), 0);
      break;
    default:
      break;
    }
  }
  if (f->rule && !partial)
    f->rule(f, in, errs);
  *errors = errs;
  return SP_OK;
}

/* ---- the view ---- */

static const char *type_flag(enum sp_field_type t) {
  switch (t) {
  case SP_F_TEXT: return "is_text";
  case SP_F_TEXTAREA: return "is_textarea";
  case SP_F_DATE: return "is_date";
  case SP_F_MONEY: return "is_money";
  case SP_F_SELECT: return "is_select";
  case SP_F_RADIOS: return "is_radios";
  case SP_F_CHECKBOXES: return "is_checkboxes";
  case SP_F_HIDDEN: return "is_hidden";
  }
  return "is_text";
}

/* The stored value of a field as the text a person would type. */
static json_t *display_value(const struct sp_form_field *fd, const json_t *v) {
  char buf[48];
  if (!v || json_is_null(v))
    return json_string("");
  if (fd->type == SP_F_MONEY && json_is_integer(v)) {
    long long p = json_integer_value(v);
    if (p % 100)
      snprintf(buf, sizeof(buf), "%lld.%02lld", p / 100, p % 100);
    else
      snprintf(buf, sizeof(buf), "%lld", p / 100);
    return json_string(buf);
  }
  if (json_is_boolean(v))
    return json_string(json_is_true(v) ? "yes" : "no");
  if (json_is_integer(v)) {
    snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
    return json_string(buf);
  }
  if (json_is_string(v))
    return json_incref((json_t *)v);
  return json_string("");
}

json_t *sp_form_view(const struct sp_form *f, const json_t *values, const json_t *record,
                     const json_t *errors, const json_t *data) {
  json_t *out = json_array();
  for (size_t i = 0; out && i < f->nfields; i++) {
    const struct sp_form_field *fd = &f->fields[i];
    json_t *x = json_pack("{s:s, s:s, s:b}", "name", fd->name, "label", fd->label,
                          type_flag(fd->type), 1);
    /* every key the partials ask for is set (null when empty), so a lookup
     * never falls through to an outer record's key of the same name */
    json_object_set_new(x, "hint", fd->hint ? json_string(fd->hint) : json_null());
    json_object_set_new(x, "error", json_null());
    json_object_set_new(x, "counted", json_false());
    /* the error beside the field: the first one for it */
    size_t k;
    json_t *e;
    json_array_foreach(errors, k, e) {
      const char *ef = json_string_value(json_object_get(e, "field"));
      if (ef && !strcmp(ef, fd->name)) {
        json_object_set(x, "error", json_object_get(e, "message"));
        break;
      }
    }
    const json_t *typed = values ? json_object_get(values, fd->name) : NULL;
    const json_t *stored = !values && record ? json_object_get(record, fd->name) : NULL;
    if (fd->type == SP_F_DATE) {
      const char *keys[3] = {"day", "month", "year"};
      if (typed) {
        for (int j = 0; j < 3; j++)
          json_object_set(x, keys[j], json_object_get(typed, keys[j]));
      } else if (json_is_string(stored)) {
        int32_t day;
        int y, m, d;
        if (sp_date_parse(json_string_value(stored), &day) == SP_OK) {
          sp_date_to_ymd(day, &y, &m, &d);
          json_object_set_new(x, "day", json_integer(d));
          json_object_set_new(x, "month", json_integer(m));
          json_object_set_new(x, "year", json_integer(y));
        }
      }
    } else if (fd->type == SP_F_CHECKBOXES) {
      /* chosen: array of strings or integers */
      const json_t *chosen = typed ? typed : stored;
      json_t *owned;
      const json_t *cs = choices_of(fd, data, &owned);
      json_t *opts = json_array();
      json_t *c;
      char buf[32], idb[96];
      json_array_foreach(cs, k, c) {
        const char *cv = choice_value(c, buf, sizeof(buf));
        int sel = 0;
        size_t m;
        json_t *y;
        json_array_foreach(chosen, m, y) {
          char yb[32];
          const char *ys = json_is_integer(y) ? (snprintf(yb, sizeof(yb), "%lld",
                                                          (long long)json_integer_value(y)),
                                                 yb)
                                              : json_string_value(y);
          if (ys && !strcmp(ys, cv))
            sel = 1;
        }
        if (k == 0)
          snprintf(idb, sizeof(idb), "%s", fd->name);
        else
          snprintf(idb, sizeof(idb), "%s-%zu", fd->name, k + 1);
        json_array_append_new(opts, json_pack("{s:s, s:O, s:b, s:s}", "value", cv, "label",
                                              json_object_get(c, "label"), "selected", sel, "id",
                                              idb));
      }
      json_decref(owned);
      json_object_set_new(x, "options", opts);
    } else {
      json_t *val = typed ? json_incref((json_t *)typed) : display_value(fd, stored);
      json_object_set_new(x, "value", val);
      if (fd->type == SP_F_SELECT || fd->type == SP_F_RADIOS) {
        json_t *owned;
        const json_t *cs = choices_of(fd, data, &owned);
        json_t *opts = json_array();
        json_t *c;
        char buf[32], idb[96];
        json_array_foreach(cs, k, c) {
          const char *cv = choice_value(c, buf, sizeof(buf));
          if (k == 0)
            snprintf(idb, sizeof(idb), "%s", fd->name);
          else
            snprintf(idb, sizeof(idb), "%s-%zu", fd->name, k + 1);
          json_array_append_new(
              opts, json_pack("{s:s, s:O, s:b, s:s}", "value", cv, "label",
                              json_object_get(c, "label"), "selected",
                              !strcmp(json_string_value(val) ? json_string_value(val) : "", cv),
                              "id", idb));
        }
        json_decref(owned);
        json_object_set_new(x, "options", opts);
      }
    }
    if (fd->type == SP_F_TEXTAREA || fd->type == SP_F_TEXT) {
      size_t max = fd->max ? fd->max : DEFAULT_MAX;
      json_object_set_new(x, "max", json_integer((json_int_t)max));
      if (fd->type == SP_F_TEXTAREA && fd->max)
        json_object_set_new(x, "counted", json_true());
    }
    if (fd->type == SP_F_TEXTAREA)
      json_object_set_new(x, "rows", json_integer(fd->rows ? fd->rows : 5));
    json_array_append_new(out, x);
  }
  return out;
}

/* ---- flash ---- */

static void hex_encode(const char *s, char *out, size_t n) {
  static const char hex[] = "0123456789abcdef";
  size_t w = 0;
  for (; *s && w + 3 < n; s++) {
    unsigned char c = (unsigned char)*s;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
        c == '-' || c == '_') {
      out[w++] = (char)c;
    } else {
      out[w++] = '%';
      out[w++] = hex[c >> 4];
      out[w++] = hex[c & 15];
    }
  }
  out[w] = '\0';
}

void sp_flash(struct sp_req *req, const char *heading, const char *body) {
  char h[600], b[1200], cookie[2000];
  hex_encode(heading ? heading : "", h, sizeof(h));
  hex_encode(body ? body : "", b, sizeof(b));
  snprintf(cookie, sizeof(cookie),
           FLASH_COOKIE "=%s~%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=60%s", h, b,
           req->web->opts.secure_cookies || req->via_https ? "; Secure" : "");
  sp_resp_header(req, "Set-Cookie", cookie);
}

json_t *sp_flash_take(struct sp_req *req) {
  const char *c = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, FLASH_COOKIE);
  if (!c || !*c)
    return NULL;
  sp_resp_header(req, "Set-Cookie", FLASH_COOKIE "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  char buf[2000];
  snprintf(buf, sizeof(buf), "%s", c);
  char *sep = strchr(buf, '~');
  if (!sep)
    return NULL;
  *sep = '\0';
  char *body = sep + 1;
  size_t hl = 0, bl = 0;
  if (sp__url_decode(buf, strlen(buf), 0, &hl) != NULL ||
      sp__url_decode(body, strlen(body), 0, &bl) != NULL || !*buf)
    return NULL; /* sp__url_decode refuses bad escapes, NUL and invalid UTF-8 */
  return json_pack("{s:s, s:s}", "heading", buf, "body", body);
}
