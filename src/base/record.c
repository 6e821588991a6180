/*
 * record.c: reading the fields of a record (see record.h).
 */
#include "record.h"

const char *sp_rec_str(const json_t *rec, const char *key, const char *dflt) {
  const json_t *v = rec ? json_object_get(rec, key) : NULL;
  return json_is_string(v) ? json_string_value(v) : dflt;
}

json_int_t sp_rec_int(const json_t *rec, const char *key) {
  return json_integer_value(rec ? json_object_get(rec, key) : NULL);
}
