/*
 * agree_demo.h: demo data for agreements, indicators and funding, wired
 * into `skillplan init --demo` by the lead and loadable on its own with
 * `skillplan agreement demo`.
 */
#ifndef SP_AGREE_DEMO_H
#define SP_AGREE_DEMO_H

#include "base/sp.h"

/*
 * Loads the first ten Train to Gain sector compacts with their lead bodies,
 * the Northwest chemicals alliance (and a demo second alliance), the
 * Leicestershire VCS compact with 24 signatories, a Skills Pledge,
 * allocations with commitments, demo learners and qualifications, and the
 * One Year On figures as indicators (see demo.c for sources). Creates the
 * organisations it needs by name and kind. Does nothing when already
 * loaded. Acts as a DfE administrator for its writes and restores the
 * context's actor afterwards. Needs a store on ctx and no open transaction
 * (each part runs in its own).
 */
SP_MUST_USE enum sp_rc sp_demo_agree(struct sp_ctx *ctx);

#endif
