/*
 * fuzz_decode.c: fuzz target for the web module's URL and form decoder
 * (sp__url_decode, in request.c), in both its modes: a path segment ("+"
 * kept) and a form value ("+" as space). Whatever the bytes, decoding must
 * stay inside the string, never lengthen it, and a second decode of a
 * string without '%' must change nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 64 * 1024)
    return 0;
  for (int form = 0; form <= 1; form++) {
    char *s = malloc(size + 1);
    if (!s)
      return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    size_t before = strlen(s);
    if (sp__url_decode(s, form) && strlen(s) > before)
      abort();
    if (!strchr(s, '%')) {
      char *again = strdup(s);
      if (again && sp__url_decode(again, 0) && strcmp(again, s) != 0)
        abort();
      free(again);
    }
    free(s);
  }
  return 0;
}
