/*
 * template.c: the mustache-like renderer (see template.h). Rendering walks
 * the template text directly: a section's body is found by scanning for its
 * matching close tag, counting nested sections of the same name.
 */
#include "template.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

#define MAX_TEMPLATES 256
#define MAX_DEPTH 16
#define MAX_STACK 32

struct tpl {
  char *name;
  char *text;
};

struct sp_templates {
  struct tpl items[MAX_TEMPLATES];
  int n;
};

void sp_templates_free(struct sp_templates *set) {
  if (!set)
    return;
  for (int i = 0; i < set->n; i++) {
    sp_free(set->items[i].name);
    sp_free(set->items[i].text);
  }
  sp_free(set);
}

enum sp_rc sp_templates_add(struct sp_templates **set, const char *name, const char *text) {
  if (!*set) {
    *set = sp_calloc(1, sizeof(**set));
    if (!*set)
      return SP_ENOMEM;
  }
  struct sp_templates *s = *set;
  if (s->n >= MAX_TEMPLATES)
    return SP_ETOOBIG;
  char *n = sp_strdup(name), *t = sp_strdup(text);
  if (!n || !t) {
    sp_free(n);
    sp_free(t);
    return SP_ENOMEM;
  }
  s->items[s->n].name = n;
  s->items[s->n].text = t;
  s->n++;
  return SP_OK;
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  struct sp_buf b;
  sp_buf_init(&b, 4 << 20);
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
    if (sp_buf_add(&b, chunk, n) != SP_OK)
      break;
  fclose(f);
  return sp_buf_take(&b);
}

/* Adds every *.html file of dir to set, named prefix + file name without
 * ".html". */
static enum sp_rc load_dir(struct sp_ctx *ctx, struct sp_templates **set, const char *dir,
                           const char *prefix) {
  DIR *d = opendir(dir);
  if (!d)
    return sp_ctx_fail(ctx, SP_EIO, NULL, "%s: cannot open the template directory", dir);
  enum sp_rc rc = SP_OK;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (len < 6 || strcmp(e->d_name + len - 5, ".html") != 0)
      continue;
    char path[4096], name[256];
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    snprintf(name, sizeof(name), "%s%.*s", prefix, (int)(len - 5), e->d_name);
    char *text = read_file(path);
    if (!text) {
      rc = sp_ctx_fail(ctx, SP_EIO, NULL, "%s: cannot read template", path);
      break;
    }
    rc = sp_templates_add(set, name, text);
    sp_free(text);
    if (rc != SP_OK) {
      sp_ctx_fail(ctx, rc, NULL, "%s: cannot add template", path);
      break;
    }
  }
  closedir(d);
  return rc;
}

enum sp_rc sp_templates_load(struct sp_ctx *ctx, const char *dir, struct sp_templates **out) {
  struct sp_templates *set = sp_calloc(1, sizeof(*set));
  if (!set)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory loading templates");
  enum sp_rc rc = load_dir(ctx, &set, dir, "");
  /* the GOV.UK components, written once: partials/NAME */
  char sub[4096];
  snprintf(sub, sizeof(sub), "%s/partials", dir);
  DIR *pd = rc == SP_OK ? opendir(sub) : NULL;
  if (pd) {
    closedir(pd);
    rc = load_dir(ctx, &set, sub, "partials/");
  }
  if (rc != SP_OK) {
    sp_templates_free(set);
    return rc;
  }
  *out = set;
  return SP_OK;
}

static const char *find(const struct sp_templates *set, const char *name) {
  for (int i = 0; set && i < set->n; i++)
    if (strcmp(set->items[i].name, name) == 0)
      return set->items[i].text;
  return NULL;
}

struct render {
  struct sp_ctx *ctx;
  const struct sp_templates *set;
  const json_t *stack[MAX_STACK];
  int top;
  int depth;
  struct sp_buf *out;
  const char *tname;
};

/* Looks up a dotted name through the stack, innermost first. */
static const json_t *lookup(struct render *r, const char *name, size_t len) {
  if (len == 1 && name[0] == '.')
    return r->stack[r->top - 1];
  const char *dot = memchr(name, '.', len);
  size_t first = dot ? (size_t)(dot - name) : len;
  char key[128];
  if (first >= sizeof(key))
    return NULL;
  memcpy(key, name, first);
  key[first] = '\0';
  const json_t *v = NULL;
  for (int i = r->top - 1; i >= 0 && !v; i--)
    if (json_is_object(r->stack[i]))
      v = json_object_get(r->stack[i], key);
  while (v && dot) {
    const char *rest = dot + 1;
    size_t rlen = len - (size_t)(rest - name);
    const char *nd = memchr(rest, '.', rlen);
    size_t seg = nd ? (size_t)(nd - rest) : rlen;
    if (seg >= sizeof(key))
      return NULL;
    memcpy(key, rest, seg);
    key[seg] = '\0';
    if (json_is_array(v)) {
      char *endp;
      unsigned long ix = strtoul(key, &endp, 10);
      v = (*key && !*endp) ? json_array_get(v, ix) : NULL;
    } else {
      v = json_is_object(v) ? json_object_get(v, key) : NULL;
    }
    dot = nd;
  }
  return v;
}

static int truthy(const json_t *v) {
  if (!v || json_is_null(v) || json_is_false(v))
    return 0;
  if (json_is_string(v))
    return json_string_length(v) > 0;
  if (json_is_integer(v))
    return json_integer_value(v) != 0;
  if (json_is_real(v))
    return json_real_value(v) != 0.0;
  if (json_is_array(v))
    return json_array_size(v) > 0;
  return 1;
}

static enum sp_rc emit_value(struct render *r, const json_t *v, int escape) {
  char num[64];
  const char *s = "";
  if (!v || json_is_null(v))
    return SP_OK;
  if (json_is_string(v))
    s = json_string_value(v);
  else if (json_is_integer(v)) {
    snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
    s = num;
  } else if (json_is_real(v)) {
    snprintf(num, sizeof(num), "%.6g", json_real_value(v));
    s = num;
  } else if (json_is_true(v))
    s = "true";
  else if (json_is_false(v))
    s = "false";
  else
    return SP_OK;
  return escape ? sp_html_escape(r->out, s) : sp_buf_adds(r->out, s);
}

static enum sp_rc render_text(struct render *r, const char *t, size_t n);

static void trim(const char **s, size_t *n) {
  while (*n && (**s == ' ' || **s == '\t'))
    (*s)++, (*n)--;
  while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
    (*n)--;
}

/* Finds the {{/name}} closing the section whose body starts at body; returns
 * the position of its "{{" or NULL. */
static const char *find_close(const char *body, const char *end, const char *name, size_t nlen,
                              const char **after) {
  int depth = 1;
  const char *p = body;
  while (p < end) {
    const char *o = strstr(p, "{{");
    if (!o || o >= end)
      return NULL;
    const char *c = strstr(o + 2, "}}");
    if (!c || c >= end)
      return NULL;
    const char *tag = o + 2;
    char kind = *tag;
    if (kind == '#' || kind == '^' || kind == '/') {
      const char *tn = tag + 1;
      size_t tl = (size_t)(c - tn);
      trim(&tn, &tl);
      if (tl == nlen && memcmp(tn, name, nlen) == 0) {
        depth += kind == '/' ? -1 : 1;
        if (depth == 0) {
          *after = c + 2;
          return o;
        }
      }
    }
    p = c + 2;
  }
  return NULL;
}

static enum sp_rc fail(struct render *r, const char *msg) {
  return sp_ctx_fail(r->ctx, SP_EINTERNAL, NULL, "template %s: %s", r->tname, msg);
}

static enum sp_rc render_section(struct render *r, const json_t *v, int inverted, const char *body,
                                 size_t blen) {
  if (inverted)
    return truthy(v) ? SP_OK : render_text(r, body, blen);
  if (!truthy(v))
    return SP_OK;
  if (r->top >= MAX_STACK)
    return fail(r, "sections nested too deep");
  if (json_is_array(v)) {
    size_t i;
    const json_t *el;
    json_array_foreach(v, i, el) {
      r->stack[r->top++] = el;
      enum sp_rc rc = render_text(r, body, blen);
      r->top--;
      if (rc != SP_OK)
        return rc;
    }
    return SP_OK;
  }
  if (json_is_object(v)) {
    r->stack[r->top++] = v;
    enum sp_rc rc = render_text(r, body, blen);
    r->top--;
    return rc;
  }
  return render_text(r, body, blen);
}

static enum sp_rc render_text(struct render *r, const char *t, size_t n) {
  const char *end = t + n;
  const char *p = t;
  while (p < end) {
    const char *o = strstr(p, "{{");
    if (!o || o >= end)
      return sp_buf_add(r->out, p, (size_t)(end - p));
    if (sp_buf_add(r->out, p, (size_t)(o - p)) != SP_OK)
      return sp_ctx_fail(r->ctx, SP_ENOMEM, NULL, "out of memory rendering");
    int triple = o + 2 < end && o[2] == '{';
    const char *tag = o + (triple ? 3 : 2);
    const char *c = strstr(tag, triple ? "}}}" : "}}");
    if (!c || c >= end)
      return fail(r, "a tag is not closed");
    const char *after = c + (triple ? 3 : 2);
    char kind = *tag;
    const char *name = tag;
    size_t nlen = (size_t)(c - tag);
    if (!triple && (kind == '#' || kind == '^' || kind == '/' || kind == '>' || kind == '!')) {
      name++;
      nlen--;
    } else {
      kind = 0;
    }
    trim(&name, &nlen);
    enum sp_rc rc = SP_OK;
    if (kind == '!') {
      /* comment */
    } else if (kind == '/') {
      return fail(r, "a section is closed that was not opened");
    } else if (kind == '#' || kind == '^') {
      const char *body_end_after;
      const char *close = find_close(after, end, name, nlen, &body_end_after);
      if (!close)
        return fail(r, "a section is not closed");
      rc = render_section(r, lookup(r, name, nlen), kind == '^', after, (size_t)(close - after));
      after = body_end_after;
    } else if (kind == '>') {
      char pn[128];
      if (nlen >= sizeof(pn))
        return fail(r, "partial name too long");
      memcpy(pn, name, nlen);
      pn[nlen] = '\0';
      const char *pt = find(r->set, pn);
      if (!pt)
        return sp_ctx_fail(r->ctx, SP_EINTERNAL, NULL, "template %s: no partial '%s'", r->tname,
                           pn);
      if (++r->depth > MAX_DEPTH)
        return fail(r, "partials nested too deep");
      rc = render_text(r, pt, strlen(pt));
      r->depth--;
    } else {
      rc = emit_value(r, lookup(r, name, nlen), !triple);
    }
    if (rc != SP_OK)
      return rc == SP_ENOMEM ? sp_ctx_fail(r->ctx, SP_ENOMEM, NULL, "out of memory rendering")
                             : rc;
    p = after;
  }
  return SP_OK;
}

enum sp_rc sp_template_render(struct sp_ctx *ctx, const struct sp_templates *set, const char *name,
                              const json_t *data, struct sp_buf *out) {
  const char *t = find(set, name);
  if (!t)
    return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "no template named '%s'", name);
  struct render r = {.ctx = ctx, .set = set, .out = out, .tname = name};
  r.stack[r.top++] = data;
  enum sp_rc rc = render_text(&r, t, strlen(t));
  if (rc == SP_OK && out->failed)
    rc = sp_ctx_fail(ctx, SP_ETOOBIG, NULL, "page too large to render");
  return rc;
}
