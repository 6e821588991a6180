/*
 * fuzz_template.c: fuzz target for the template layer with hostile values.
 * On the first input it loads every template of web/templates and reads the
 * names each one looks up ({{name}}, {{#name}}, {{^name}}). Each input then
 * renders one template (byte 0) with data in which every value name holds
 * the hostile text (the rest of the input, after a marker "<fz\"'&") and
 * every section name holds two records built the same way, two levels deep;
 * byte 1 turns sections off by name, so the {{^name}} branches run too.
 * Escaping must hold: the marker's "<fz" may never reach the output.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/text.h"
#include "web/template.h"

#define MAX_NAMES 2048
#define MAX_TEMPLATES 256

static struct sp_templates *set;
static char *tnames[MAX_TEMPLATES];
static size_t ntemplates;
/* The names each template looks up, its partials' included (one level). */
struct names {
  char *v[MAX_NAMES / 4], *s[MAX_NAMES / 4];
  size_t nv, ns;
};
static struct names tn[MAX_TEMPLATES];
static char *vnames[MAX_NAMES / 4], *snames[MAX_NAMES / 4];
static size_t nv, ns;

static int has(char **list, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], s) == 0)
      return 1;
  return 0;
}

/* Reads the names a template file looks up into nm; with partials set,
 * also the names of the partials it includes ({{> name}}, one level). */
static void scan(const char *dir, const char *tname, struct names *nm, int partials) {
  char path[2048];
  snprintf(path, sizeof(path), "%s/%s.html", dir, tname);
  FILE *f = fopen(path, "r");
  if (!f)
    return;
  char buf[1 << 16];
  size_t n = fread(buf, 1, sizeof(buf) - 1, f);
  fclose(f);
  buf[n] = '\0';
  for (char *p = strstr(buf, "{{"); p; p = strstr(p + 2, "{{")) {
    char *q = p + 2;
    int section = *q == '#' || *q == '^';
    if (*q == '>' && partials) {
      char part[128];
      if (sscanf(q + 1, " %127[A-Za-z0-9_/-]", part) == 1)
        scan(dir, part, nm, 0);
      continue;
    }
    if (*q == '/' || *q == '!' || *q == '>')
      continue;
    if (section)
      q++;
    char name[128];
    size_t k = 0;
    while (*q && *q != '}' && k + 1 < sizeof(name)) {
      if (*q != ' ')
        name[k++] = *q;
      q++;
    }
    name[k] = '\0';
    char *dot = strchr(name, '.'); /* a.b: look up a as a section */
    if (dot && dot != name) {
      *dot = '\0';
      section = 1;
    }
    if (!*name || strcmp(name, ".") == 0)
      continue;
    if (section && nm->ns < MAX_NAMES / 4 && !has(nm->s, nm->ns, name))
      nm->s[nm->ns++] = strdup(name);
    else if (!section && nm->nv < MAX_NAMES / 4 && !has(nm->v, nm->nv, name))
      nm->v[nm->nv++] = strdup(name);
  }
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void setup(void) {
  const char *src = getenv("SP_SOURCE_DIR");
  char dir[1024];
  snprintf(dir, sizeof(dir), "%s/web/templates", src && *src ? src : SP_SOURCE_DIR);
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  if (!ctx || sp_templates_load(ctx, dir, &set) != SP_OK)
    abort();
  sp_ctx_free(ctx);
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL && ntemplates < MAX_TEMPLATES) {
    size_t l = strlen(e->d_name);
    if (l < 6 || strcmp(e->d_name + l - 5, ".html") != 0)
      continue;
    tnames[ntemplates++] = strndup(e->d_name, l - 5);
  }
  if (d)
    closedir(d);
  if (!ntemplates)
    abort();
  qsort(tnames, ntemplates, sizeof(*tnames), by_name);
  for (size_t i = 0; i < ntemplates; i++)
    scan(dir, tnames[i], &tn[i], 1);
}

static json_t *record(const char *hostile, unsigned off, int depth) {
  json_t *o = json_object();
  for (size_t i = 0; i < nv; i++)
    json_object_set_new(o, vnames[i], json_string(hostile));
  for (size_t i = 0; i < ns; i++) {
    if ((off >> (i % 8)) & 1)
      continue;
    if (depth >= 2) {
      json_object_set_new(o, snames[i], json_true());
      continue;
    }
    json_t *a = json_array();
    json_array_append_new(a, record(hostile, off, depth + 1));
    json_array_append_new(a, record(hostile, off, depth + 1));
    json_object_set_new(o, snames[i], a);
  }
  return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2 || size > 4096)
    return 0;
  if (!set)
    setup();
  size_t ti = data[0] % ntemplates;
  const char *name = tnames[ti];
  nv = tn[ti].nv;
  ns = tn[ti].ns;
  memcpy(vnames, tn[ti].v, nv * sizeof(*vnames));
  memcpy(snames, tn[ti].s, ns * sizeof(*snames));
  /* the hostile text: the marker, then the input as valid JSON string bytes
   * (jansson refuses invalid UTF-8; the server's JSON holds only valid text) */
  char *hostile = malloc(size + 16);
  if (!hostile)
    return 0;
  size_t h = (size_t)snprintf(hostile, 16, "<fz\"'&");
  int utf8 = sp_utf8_valid((const char *)data + 2, size - 2);
  for (size_t i = 2; i < size; i++)
    hostile[h++] = !data[i] ? ' ' : utf8 ? (char)data[i] : (char)(data[i] & 0x7f);
  hostile[h] = '\0';
  json_t *d = record(hostile, data[1], 0);
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_buf out;
  sp_buf_init(&out, 16u << 20);
  if (ctx && d && sp_template_render(ctx, set, name, d, &out) == SP_OK) {
    if (out.len && memmem(out.data, out.len, "<fz", 3)) {
      fprintf(stderr, "fuzz: template %s printed a value unescaped\n", name);
      abort();
    }
  }
  sp_buf_free(&out);
  sp_ctx_free(ctx);
  json_decref(d);
  free(hostile);
  return 0;
}
