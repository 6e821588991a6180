/*
 * demo.h: the evidence engine's demo data for `skillplan init --demo`.
 */
#ifndef SP_EVIDENCE_DEMO_H
#define SP_EVIDENCE_DEMO_H

#include "../base/sp.h"

/* Imports small provision, needs and vacancy files for five areas over
 * three years (demo.c). Needs the reference data; acts as the caller's
 * actor (the demo loader, dfe_admin). A second run changes nothing. */
SP_MUST_USE enum sp_rc sp_demo_evidence(struct sp_ctx *ctx);

#endif
