/*
 * handlers_evidence.h: the evidence engine's web handlers (pages_evidence.c,
 * api_evidence.c), shared with their route table in routes_evidence.c.
 */
#ifndef SP_HANDLERS_EVIDENCE_H
#define SP_HANDLERS_EVIDENCE_H

#include "evidence/evidence.h"
#include "web.h"

enum sp_rc sp__h_evidence(struct sp_req *req);
enum sp_rc sp__h_evidence_csv(struct sp_req *req);
enum sp_rc sp__h_evidence_adopt(struct sp_req *req);
enum sp_rc sp__api_gaps(struct sp_req *req);
enum sp_rc sp__api_priorities(struct sp_req *req);
enum sp_rc sp__api_priority_adopt(struct sp_req *req);
enum sp_rc sp__api_alignment(struct sp_req *req);
enum sp_rc sp__api_evidence_imports(struct sp_req *req);
enum sp_rc sp__api_ees(struct sp_req *req);
/* Uploads and the imports page (pages_evidence_upload.c). */
enum sp_rc sp__h_upload_form(struct sp_req *req);
enum sp_rc sp__h_upload(struct sp_req *req);
enum sp_rc sp__api_upload(struct sp_req *req);
enum sp_rc sp__h_rejections_csv(struct sp_req *req);
enum sp_rc sp__h_imports(struct sp_req *req);
enum sp_rc sp__h_import_withdraw(struct sp_req *req);
enum sp_rc sp__api_import_withdraw(struct sp_req *req);

/* Reads ?as_of=YYYY-MM-DD into *day (default: the context's today);
 * SP_EINVAL when it is not a real date. */
enum sp_rc sp__evidence_as_of(struct sp_req *req, int32_t *day);

/* Reads ?route=, ?level=, ?year= into f (strings borrowed from req);
 * SP_EINVAL naming the bad one. */
enum sp_rc sp__evidence_filter(struct sp_req *req, struct sp_ev_filter *f);

#endif
