/*
 * record.h: reading the fields of a record. Records cross the layers as
 * jansson objects with snake_case keys (rows read from the store, request
 * bodies, API answers); this is the one helper that reads a string field
 * from one, whichever layer holds it.
 */
#ifndef SP_RECORD_H
#define SP_RECORD_H

#include <jansson.h>

/*
 * The string value of rec's member `key`, borrowed from rec (valid while rec
 * lives and the member is not replaced); `dflt` when rec is NULL or not an
 * object, the member is absent, or it is not a string (null, a number).
 * Pass "" as dflt where absent text prints as nothing, NULL where absence
 * must be told apart.
 */
const char *sp_rec_str(const json_t *rec, const char *key, const char *dflt);

/* The integer value of rec's member `key`; 0 when rec is NULL, the member is
 * absent, or it is not an integer. */
json_int_t sp_rec_int(const json_t *rec, const char *key);

#endif
