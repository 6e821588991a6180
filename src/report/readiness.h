/*
 * readiness.h: the readiness check of an LSIP report against the statutory
 * guidance (../shared/seeds/004_34ac84fe2e6428e6.txt), the check that the ERB
 * sees before submitting and a DfE reviewer sees before approving (6.5).
 *
 * Each finding has a severity, a stable code, a message for people, and the
 * guidance section it comes from. Blocking findings refuse submission;
 * warnings do not. The rules:
 *   part_1_missing .. annex_missing  every part present and non-empty (6.1-6.4)
 *   no_priorities                    Part 1 and 2 need priorities (6.1, 6.2)
 *   too_long                         over 30 pages excluding annex and contents,
 *                                    counted on the PDF as rendered (6)
 *   priority_no_route / _no_pathway  each priority on a route and pathway (6.2, 5.2.2)
 *   priority_no_level (warning)      levels "where appropriate" (5.2.2)
 *   priority_no_outcome / _no_skills / _no_change (warnings)  the content of 6.2
 *   priority_no_action               at least one action per priority (6.3)
 *   action_no_owner                  every action on a priority has an owner (6.3)
 *   plan_action_no_owner (warning)   a plan-wide action names only a group (6.3)
 *   delivery_missing (warning)       managing delivery and review (6.3, footnote 19)
 *   evidence_missing                 evidence sources listed (6.4)
 *   evidence_no_robustness           each with why it is robust (6.4)
 *   stage_a_missing .. stage_c_missing  stages A, B and C recorded (5.2)
 *   stage_no_participants (warning)  who took part (6.5)
 *   net_zero_missing                 net zero and climate consideration (1.5, 6.4)
 *   mca_engagement_missing, mca_statement_missing  for MCA/GLA areas (6.4, 3.5)
 */
#ifndef SP_REPORT_READINESS_H
#define SP_REPORT_READINESS_H

#include <jansson.h>
#include <stddef.h>

#include "base/sp.h"
#include "plan.h"

/* The page limit of guidance section 6. */
#define SP_REPORT_MAX_PAGES 30
/* The file every finding's section refers to. */
#define SP_REPORT_GUIDANCE "../shared/seeds/004_34ac84fe2e6428e6.txt"

enum sp_severity { SP_SEV_BLOCKING = 1, SP_SEV_WARNING = 2 };

struct sp_finding {
  enum sp_severity severity;
  char code[40];     /* stable, snake_case: "priority_no_action" */
  char section[40];  /* guidance section: "6.3" */
  char message[600]; /* for people; names the record and the rule */
};

struct sp_readiness {
  size_t n;
  size_t cap;
  struct sp_finding *findings;
  size_t blocking;      /* how many findings block */
  int pages_counted;    /* body pages of the rendered PDF (-1 when not rendered) */
  int pages_total;
};

/*
 * Checks plan. When pages >= 0 it is taken as the counted pages of the PDF;
 * when pages < 0 the report is built and laid out as the PDF is
 * (sp_report_pdf_count) to count them. *out is a new result the caller frees
 * with sp_readiness_free. Returns SP_OK whatever the findings; an error only
 * when the check itself could not run (out of memory, rendering failed).
 */
SP_MUST_USE enum sp_rc sp_report_check(struct sp_ctx *ctx, const struct sp_report_plan *plan,
                                       int pages, struct sp_readiness **out);
void sp_readiness_free(struct sp_readiness *r);

/* 1 when r has a finding with this code. */
int sp_readiness_has(const struct sp_readiness *r, const char *code);

/* The result as JSON: {"ready": bool, "blocking": n, "warnings": n,
 * "pages_counted": n, "page_limit": 30, "guidance": file,
 * "findings": [{"severity","code","section","message"}]}. New reference;
 * NULL on out of memory. */
json_t *sp_readiness_json(const struct sp_readiness *r);

#endif
