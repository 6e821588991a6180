/*
 * form.h: forms declared once. A form is a static table of fields (name,
 * label, hint, type, limits, choices) and the messages each rule gives, in a
 * person's words ("Enter the date the body consented, for example 27 3
 * 2023"). One layer then:
 *
 *   - reads a posted form (sp_form_read) or a JSON record (sp_form_read_json)
 *     into the typed record the library takes (dates as "YYYY-MM-DD", money
 *     as integer pence, yes/no as booleans, ids as integers), checking EVERY
 *     field and collecting every error as [{field, message, href}];
 *   - renders the fields with GOV.UK Frontend markup (sp_form_view gives the
 *     JSON the partials in web/templates/partials/ draw: error summary, error
 *     message, date input, character count, radios, checkboxes, select),
 *     keeping every value typed and each error beside its field;
 *   - turns one error left on the context by the library (a rule only the
 *     store can check) into the same list (sp_form_ctx_error).
 *
 * Pages and the API share the rules: a page re-renders with the list, the
 * API answers 400 with {"error": {..., "errors": [{field, message}]}}.
 * Nothing is written unless the list is empty.
 *
 * Field ids in the page are the field names; a date input's parts are
 * NAME-day, NAME-month, NAME-year (the summary links to NAME-day); radios and
 * checkboxes give their first item the field's own id, the rest NAME-2, ...
 */
#ifndef SP_WEB_FORM_H
#define SP_WEB_FORM_H

#include <jansson.h>
#include <stddef.h>

#include "web.h"

enum sp_field_type {
  SP_F_TEXT,       /* one line */
  SP_F_TEXTAREA,   /* several lines, with a character count when max is set */
  SP_F_DATE,       /* day, month, year inputs; "YYYY-MM-DD" in the record */
  SP_F_MONEY,      /* pounds and pence typed ("£250,000.50"); integer pence stored */
  SP_F_SELECT,     /* one of the options */
  SP_F_RADIOS,     /* one of the options */
  SP_F_CHECKBOXES, /* any of the options: an array in the record */
  SP_F_HIDDEN,     /* carried through (the record's rev, for stale forms) */
};

enum sp_field_flags {
  SP_FF_REQUIRED = 1 << 0,
  SP_FF_INT = 1 << 1,  /* the chosen value(s) are ids: integers in the record */
  SP_FF_BOOL = 1 << 2, /* radios "yes"/"no": true/false in the record */
  SP_FF_PAST = 1 << 3, /* a date that must be today or earlier */
};

struct sp_form_option {
  const char *value;
  const char *label;
};

struct sp_form_field {
  const char *name;  /* record key, form name and element id */
  enum sp_field_type type;
  const char *label; /* the question or label; a fieldset legend for dates/radios/checkboxes */
  const char *hint;  /* NULL for none */
  unsigned flags;
  size_t max;        /* most characters for text (0: 2000); most pounds for money (0: none) */
  const struct sp_form_option *options; /* fixed choices, ended by {0} */
  const char *choices;  /* or the key of an array [{value, label}] in the page data */
  const char *missing;  /* message when required and empty */
  const char *invalid;  /* message when not a real date, an amount, or a choice */
  int rows;             /* textarea rows (0: 5) */
  const char *called;   /* its name in messages when not the label ("Organisation's name");
                         * NULL: the label, less any "(optional)" */
};

struct sp_form;

/* A rule across fields, run on the typed record after the fields are read;
 * it adds its errors with sp_form_error. */
typedef void (*sp_form_rule)(const struct sp_form *f, const json_t *record, json_t *errors);

struct sp_form {
  const char *id; /* the <form> element's id */
  const struct sp_form_field *fields;
  size_t nfields;
  sp_form_rule rule; /* may be NULL */
};

/* Adds {field, message, href} for field `name` of f to errors. */
void sp_form_error(const struct sp_form *f, json_t *errors, const char *name, const char *message);

/*
 * Reads the posted fields of f from req. *record (new reference) is the
 * typed record, holding only fields that were given; *errors (new reference)
 * the list of every error [{field, message, href}] (empty when all is valid);
 * *values (new reference) what was typed, for re-rendering. `choices` is the
 * page data holding any dynamic choice lists (may be NULL: then dynamic
 * choices are not checked here but by the library).
 */
SP_MUST_USE enum sp_rc sp_form_read(struct sp_req *req, const struct sp_form *f,
                                    const json_t *choices, json_t **record, json_t **values,
                                    json_t **errors);

/*
 * The same rules over a JSON record (the API): dates "YYYY-MM-DD", money an
 * integer of pence, booleans, ids as integers. When `partial` is set only the
 * fields present are checked (PATCH). Fields not in the form are left for
 * the library to refuse. *errors (new reference) as above.
 */
SP_MUST_USE enum sp_rc sp_form_read_json(struct sp_ctx *ctx, const struct sp_form *f,
                                         const json_t *in, int partial, const json_t *choices,
                                         json_t **errors);

/*
 * The fields of f as the partials draw them: [{name, label, hint, is_TYPE,
 * value, error, options: [{value, label, selected, id}], day, month, year,
 * max, rows, ...}]. `values` are what was typed (sp_form_read), or NULL;
 * `record` a stored record to show when values is NULL (its dates and money
 * are converted back for display); `errors` the list or NULL; `data` the page
 * data holding dynamic choices. New reference.
 */
json_t *sp_form_view(const struct sp_form *f, const json_t *values, const json_t *record,
                     const json_t *errors, const json_t *data);

/* Appends the context's error to errors as {field, message, href}, with href
 * pointing at the field when f has it (a date at its day input), else at the
 * form; then clears the context. */
void sp_form_ctx_error(struct sp_ctx *ctx, const struct sp_form *f, json_t *errors);

/* Answers an API request with 400 and every error: {"error": {code,
 * message, field (the first error's), errors: [{field, message}]}}. Takes
 * the reference to errors. Returns what sp_resp_json returns. */
SP_MUST_USE enum sp_rc sp_form_api_error(struct sp_req *req, json_t *errors);

/* "£25,000,000.00" for pence into buf (size >= 32); negative amounts get a
 * minus sign. Returns buf. */
const char *sp_form_money(long long pence, char *buf, size_t n);

/* "2027-06-30" as "30 June 2027" into buf (size >= 32); anything else is
 * copied as it is. Returns buf. */
const char *sp_form_date_text(const char *iso, char *buf, size_t n);

/* "1234.5", "£1,234.50", "1,234" as pence into *out; 0 when not an amount. */
int sp_form_parse_money(const char *s, long long *out);

/*
 * A one-off message carried to the next page by a short-lived cookie
 * (sp_flash), shown there in a notification banner: heading says what
 * happened, body what comes next. sp_flash_take reads and clears it,
 * returning {heading, body} or NULL (new reference).
 */
void sp_flash(struct sp_req *req, const char *heading, const char *body);
json_t *sp_flash_take(struct sp_req *req);

#endif
