/*
 * demo.h: demo data for `skillplan init --demo` and `serve --demo`. Each
 * module adds its own sp_demo_<module> function here (one line each); the
 * CLI calls them in order after the reference data has loaded.
 */
#ifndef SP_DEMO_H
#define SP_DEMO_H

#include "base/sp.h"

/* The password of every demo account. */
#define SP_DEMO_PASSWORD "demo-password-2026"

/*
 * The foundation's demo: about 25 organisations of many kinds across
 * several LSIP areas, and one account per role (dfe@, erb@, provider@,
 * mca@, funder@, viewer@demo.skillplan.test, password SP_DEMO_PASSWORD).
 * Needs the reference data loaded (organisations name their areas).
 *
 * It runs as a system actor: it sets the context's actor to the dfe_admin
 * role (user 0, "demo loader") for its writes and restores the caller's
 * actor afterwards, so each write is checked and audited like any other.
 * Does nothing and returns SP_OK when any organisation already exists.
 * Not one transaction: each organisation and account is its own write, so
 * a failure part-way leaves the ones before it (the message names the one
 * that failed).
 */
SP_MUST_USE enum sp_rc sp_demo_foundation(struct sp_ctx *ctx);

#endif
