/*
 * shell.h: what every page's frame needs beyond the template: the service
 * navigation for the signed-in role (with the current item marked), the
 * person's role in words, the address of their home, and citations turned
 * from file names into the documents' titles (src/core/sources.h).
 */
#ifndef SP_WEB_SHELL_H
#define SP_WEB_SHELL_H

#include <jansson.h>

struct sp_req;

/* Adds `nav` [{href, text, current}], `home_href`, `webcal_base`
 * ("webcal://HOST" for calendar subscriptions) and `user.role_words` (when
 * `user` is set) to a page's data (borrowed). */
void sp__shell_layout(struct sp_req *req, json_t *data);

/* The signed-in person's home ("/home"), or "/" for the public. */
const char *sp__shell_home(struct sp_req *req);

/*
 * Walks JSON (borrowed, changed in place): for pages (api 0) every string
 * that cites a source document by file name is rewritten as the document's
 * title and the section (Statutory guidance (DfE, August 2022), section
 * 4.2.1), except under the key `file`; for the API (api 1) every object with a string `source` that cites
 * one keeps it and gains `citation` (the whole text, readable) and
 * `source_title` (the first document's title) beside it. Out of memory leaves a string
 * as it was.
 */
void sp__shell_cite(json_t *data, int api);

#endif
