/*
 * template.h: a small mustache-like template layer of our own (Debian
 * packages no C mustache library). Data is JSON.
 *
 *   {{name}} {{a.b}} {{.}}   the value, HTML-escaped (null/missing prints "")
 *   {{{name}}}               the value unescaped: only for HTML the server
 *                            built itself and escaped (SVG charts)
 *   {{#name}}..{{/name}}     an array: once per element, the element on top of
 *                            the lookup stack; an object: once, pushed; any
 *                            other truthy value: once. Falsy: false, null,
 *                            missing, "", 0, empty array.
 *   {{^name}}..{{/name}}     once when the value is falsy
 *   {{> partial}}            another template, same data
 *   {{! comment }}
 *
 * Lookups search the stack from the innermost context outwards. Templates are
 * read once from a directory at start; rendering never touches the disk.
 */
#ifndef SP_TEMPLATE_H
#define SP_TEMPLATE_H

#include <jansson.h>

#include "base/buf.h"
#include "base/escape.h"
#include "base/sp.h"

struct sp_templates;

/* Loads every *.html file in dir (name = file name without .html) and in
 * dir/partials (name = "partials/" + file name without .html: the GOV.UK
 * components, used as {{> partials/NAME}}). The caller frees the set with
 * sp_templates_free. */
SP_MUST_USE enum sp_rc sp_templates_load(struct sp_ctx *ctx, const char *dir,
                                         struct sp_templates **out);
/* Builds a set from one in-memory template (for tests); name is copied. */
SP_MUST_USE enum sp_rc sp_templates_add(struct sp_templates **set, const char *name,
                                        const char *text);
void sp_templates_free(struct sp_templates *set);

/* Renders template `name` with data (borrowed) appending to out. Unknown
 * templates, unbalanced sections or partials nested over 16 deep are errors
 * written on ctx. */
SP_MUST_USE enum sp_rc sp_template_render(struct sp_ctx *ctx, const struct sp_templates *set,
                                          const char *name, const json_t *data,
                                          struct sp_buf *out);

/* sp_html_escape (base/escape.h) is the escaping every value goes through. */

#endif
