/*
 * fuzz_decode.c: fuzz target for the web module's one URL and form decoder
 * (request.c): sp__url_decode on a component in both modes (a path segment,
 * "+" kept; a form value, "+" as space), and sp__form_decode on the whole
 * input as a form body or query string. Whatever the bytes: decoding stays
 * inside the buffer, never lengthens it, a good result is valid UTF-8 with
 * no NUL, decoding a good result without '%' changes nothing, and a form
 * that decodes gives an object of arrays of strings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "web/web_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 64 * 1024)
    return 0;
  for (int form = 0; form <= 1; form++) {
    char *s = malloc(size + 1);
    if (!s)
      return 0;
    memcpy(s, data, size);
    size_t n = 0;
    const char *err = sp__url_decode(s, size, form, &n);
    if (n > size)
      abort();
    if (!err) {
      if (memchr(s, '\0', n) || !sp_utf8_valid(s, n))
        abort();
      if (!memchr(s, '%', n)) {
        char *again = malloc(n + 1);
        size_t m = 0;
        if (again) {
          memcpy(again, s, n);
          if (sp__url_decode(again, n, 0, &m) != NULL || m != n || memcmp(again, s, n) != 0)
            abort();
          free(again);
        }
      }
    }
    free(s);
  }
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  json_t *out = NULL;
  if (ctx && sp__form_decode(ctx, (const char *)data, size, "form field", &out) == SP_OK) {
    const char *k;
    json_t *v;
    json_object_foreach(out, k, v) {
      if (!json_is_array(v))
        abort();
      for (size_t i = 0; i < json_array_size(v); i++)
        if (!json_is_string(json_array_get(v, i)))
          abort();
    }
  } else if (out) {
    abort(); /* a refused form leaves *out NULL */
  }
  json_decref(out);
  sp_ctx_free(ctx);
  return 0;
}
