/*
 * realloc.c: money following demand (see funding.h). "If the demand does
 * not come through then the funding associated with that sector compact
 * will flow to another sector compact where demand is rising"
 * (000_7a3ba3d30b329542.txt Q12). The plan is pure integer arithmetic on
 * pence (128-bit intermediates), deterministic and independent of input
 * order; applying it moves only uncommitted money, so committed and
 * delivered money never moves, and the total is conserved to the penny.
 */
#include <stdlib.h>
#include <string.h>

#include "agree_int.h"
#include "base/alloc.h"
#include "core/audit.h"
#include "base/date.h"
#include "core/policy.h"
#include "funding.h"
#include "base/record.h"

#define SRC_REALLOC "000_7a3ba3d30b329542.txt Q12"

typedef __int128 wide;

struct share_rank {
  wide rem;
  int64_t key;
  int idx;
};

/* Larger remainder first; equal remainders by lower key. */
static int cmp_rank(const void *a, const void *b) {
  const struct share_rank *x = a, *y = b;
  if (x->rem != y->rem)
    return x->rem > y->rem ? -1 : 1;
  return x->key < y->key ? -1 : x->key > y->key;
}

int sp_realloc_shares(const int64_t *weights, const int64_t *keys, int n, int64_t total, int64_t *out) {
  wide sum = 0;
  if (n <= 0 || total < 0)
    return -1;
  for (int i = 0; i < n; i++) {
    if (weights[i] < 0)
      return -1;
    sum += weights[i];
  }
  if (sum == 0) {
    if (total != 0)
      return -1;
    memset(out, 0, sizeof(*out) * (size_t)n);
    return 0;
  }
  struct share_rank *rank = sp_calloc((size_t)n, sizeof(*rank));
  if (!rank)
    return -1;
  int64_t given = 0;
  for (int i = 0; i < n; i++) {
    wide p = (wide)weights[i] * total;
    out[i] = (int64_t)(p / sum);
    rank[i] = (struct share_rank){p % sum, keys[i], i};
    given += out[i];
  }
  /* The pence left over (fewer than n) go to the largest remainders. */
  qsort(rank, (size_t)n, sizeof(*rank), cmp_rank);
  for (int64_t k = 0; k < total - given && k < n; k++)
    out[rank[k].idx]++;
  sp_free(rank);
  return 0;
}

static int cmp_item(const void *a, const void *b) {
  const struct sp_realloc_item *x = a, *y = b;
  return x->id < y->id ? -1 : x->id > y->id;
}

int sp_realloc_plan(const struct sp_realloc_item *items, int n, struct sp_realloc_move *moves,
                    int64_t *gives, int64_t *receives) {
  if (n < 0)
    return -1;
  if (n == 0)
    return 0;
  struct sp_realloc_item *s = sp_malloc(sizeof(*s) * (size_t)n);
  int64_t *w = sp_calloc((size_t)n * 5, sizeof(int64_t));
  int nm = -1;
  if (!s || !w)
    goto out;
  memcpy(s, items, sizeof(*s) * (size_t)n);
  qsort(s, (size_t)n, sizeof(*s), cmp_item);
  int64_t *release = w, *excess = w + n, *give = w + 2 * n, *recv = w + 3 * n, *keys = w + 4 * n;
  wide total_r = 0, total_e = 0;
  for (int i = 0; i < n; i++) {
    keys[i] = s[i].id;
    if ((i > 0 && s[i].id == s[i - 1].id) || s[i].allocated < 0 || s[i].used < 0 || s[i].profile < 0 ||
        s[i].used > s[i].allocated)
      goto out;
    if (s[i].used < s[i].profile) {
      int64_t a = s[i].profile - s[i].used, b = s[i].allocated - s[i].used;
      release[i] = a < b ? a : b;
    } else if (s[i].used > s[i].profile) {
      excess[i] = s[i].used - s[i].profile;
    }
    total_r += release[i];
    total_e += excess[i];
  }
  int64_t total = (int64_t)(total_r < total_e ? total_r : total_e);
  nm = 0;
  if (total > 0) {
    if (sp_realloc_shares(release, keys, n, total, give) != 0 ||
        sp_realloc_shares(excess, keys, n, total, recv) != 0) {
      nm = -1;
      goto out;
    }
    /* Match donors to recipients in id order: each move is as much as both
     * the donor still has to give and the recipient still has to receive. */
    int i = 0, j = 0;
    int64_t gi = 0, rj = 0;
    while (1) {
      while (i < n && gi == 0)
        gi = give[i++];
      while (j < n && rj == 0)
        rj = recv[j++];
      if (gi == 0 || rj == 0)
        break;
      int64_t m = gi < rj ? gi : rj;
      moves[nm++] = (struct sp_realloc_move){s[i - 1].id, s[j - 1].id, m};
      gi -= m;
      rj -= m;
    }
  }
  for (int k = 0; k < n; k++) {
    /* Report each item's change in the caller's order. */
    for (int q = 0; q < n; q++) {
      if (items[k].id != s[q].id)
        continue;
      if (gives)
        gives[k] = give[q];
      if (receives)
        receives[k] = recv[q];
    }
  }
out:
  sp_free(s);
  sp_free(w);
  return nm;
}

/* ---- applying it to the store -------------------------------------------- */

/* Live allocations on as_of with their demand and profile, in id order. */
static enum sp_rc live_allocations(struct sp_ctx *ctx, int32_t as_of, int64_t agreement, json_t **out) {
  return sp__agree_rows(ctx, out,
                        "SELECT a.id, a.agreement_id, g.title, a.amount_pence, a.period_start, a.period_end,"
                        " coalesce((SELECT sum(s.amount_pence) FROM allocation_spend s WHERE s.allocation_id=a.id"
                        "  AND s.on_date<=?1),0) AS used_pence,"
                        " coalesce((SELECT sum(s.amount_pence) FROM allocation_spend s WHERE s.allocation_id=a.id),0)"
                        "  AS used_ever_pence"
                        " FROM allocations a JOIN agreements g ON g.id=a.agreement_id"
                        " WHERE a.period_start<=?1 AND a.period_end>=?1 AND (?2=0 OR a.agreement_id=?2)"
                        " ORDER BY a.agreement_id, a.id",
                        "di", as_of, agreement);
}

static int64_t profile_of(const json_t *a, int32_t as_of) {
  int32_t ps = sp__agree_jdate(a, "period_start"), pe = sp__agree_jdate(a, "period_end");
  wide amount = sp__agree_jint(a, "amount_pence");
  wide elapsed = (wide)as_of - ps + 1, len = (wide)pe - ps + 1;
  if (elapsed > len)
    elapsed = len;
  return (int64_t)(amount * elapsed / len);
}

/* Spreads delta pence (negative: take) over one agreement's live
 * allocations. Taking is in proportion to each allocation's uncommitted
 * money (amount less every delivery and commitment ever recorded against it);
 * giving is in proportion to demand, or all to the first when there is none. */
static enum sp_rc spread(struct sp_ctx *ctx, json_t *allocs, int64_t agreement, int64_t delta, const char *why) {
  int64_t w[512], k[512], share[512];
  size_t idx[512];
  int n = 0;
  size_t i;
  json_t *a;
  int64_t wsum = 0;
  json_array_foreach(allocs, i, a) {
    if (sp__agree_jint(a, "agreement_id") != agreement || n >= 512)
      continue;
    int64_t amount = sp__agree_jint(a, "amount_pence");
    w[n] = delta < 0 ? amount - sp__agree_jint(a, "used_ever_pence") : sp__agree_jint(a, "used_pence");
    if (w[n] < 0)
      w[n] = 0;
    wsum += w[n];
    k[n] = sp__agree_jint(a, "id");
    idx[n++] = i;
  }
  if (n == 0)
    return sp_ctx_fail(ctx, SP_ECONFLICT, "agreement_id", "agreement %lld has no allocation live on the review date",
                       (long long)agreement);
  int64_t total = delta < 0 ? -delta : delta;
  if (wsum == 0 && delta > 0) {
    w[0] = 1;
    wsum = 1;
  }
  if (delta < 0 && wsum < total)
    return sp_ctx_fail(ctx, SP_ECONFLICT, "amount_pence",
                       "cannot reallocate committed money: agreement %lld has %lld pence uncommitted, "
                       "%lld pence asked; delivered and committed money stays (" SRC_REALLOC ")",
                       (long long)agreement, (long long)wsum, (long long)total);
  if (sp_realloc_shares(w, k, n, total, share) != 0)
    return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "reallocation shares failed");
  for (int q = 0; q < n; q++) {
    if (share[q] == 0)
      continue;
    json_t *row = json_array_get(allocs, idx[q]);
    int64_t before = sp__agree_jint(row, "amount_pence");
    int64_t after = delta < 0 ? before - share[q] : before + share[q];
    if (after < sp__agree_jint(row, "used_ever_pence") && delta < 0)
      return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "reallocation would take committed money from allocation %lld",
                         (long long)k[q]);
    enum sp_rc rc = sp__agree_exec(ctx, NULL, "UPDATE allocations SET amount_pence=? WHERE id=?", "ii", after, k[q]);
    if (rc != SP_OK)
      return rc;
    json_t *b = json_pack("{s:I}", "amount_pence", (json_int_t)before);
    json_t *af = json_pack("{s:I, s:s}", "amount_pence", (json_int_t)after, "reason", why);
    char idbuf[32];
    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)k[q]);
    rc = sp_audit_append(ctx, "reallocate", "allocation", idbuf, b, af);
    json_decref(b);
    json_decref(af);
    if (rc != SP_OK)
      return rc;
    json_object_set_new(row, "amount_pence", json_integer(after));
  }
  return SP_OK;
}

/* "£1,234.56" for a non-negative amount. */
static void pounds(int64_t pence, char *buf, size_t n) {
  char digits[32], grouped[48];
  int len = snprintf(digits, sizeof(digits), "%lld", (long long)(pence / 100)), g = 0;
  for (int i = 0; i < len && g < (int)sizeof(grouped) - 2; i++) {
    if (i > 0 && (len - i) % 3 == 0)
      grouped[g++] = ',';
    grouped[g++] = digits[i];
  }
  grouped[g] = '\0';
  snprintf(buf, n, "£%s.%02lld", grouped, (long long)(pence % 100));
}

struct realloc_arg {
  int32_t as_of;
  int dry_run;
  json_t *out;
};

static enum sp_rc realloc_work(struct sp_ctx *ctx, void *arg) {
  struct realloc_arg *r = arg;
  json_t *allocs = NULL, *summary = json_array(), *moves_json = json_array();
  struct sp_realloc_item *items = NULL;
  struct sp_realloc_move *moves = NULL;
  const char **titles = NULL;
  int64_t *gives = NULL, *recvs = NULL;
  enum sp_rc rc = SP_OK;
  char d[SP_DATE_BUFSZ];
  sp_date_format(r->as_of, d);
  if (!r->dry_run) {
    /* One reallocation per review date: a second run would move money again
     * against profiles the first run has already changed. */
    json_t *prev = NULL;
    rc = sp__agree_row(ctx, &prev, "none", "SELECT id FROM reallocation_runs WHERE as_of=?", "d", r->as_of);
    if (rc == SP_OK) {
      rc = sp_ctx_fail(ctx, SP_ECONFLICT, "as_of", "money was already reallocated at the review of %s (run %lld)", d,
                       (long long)sp__agree_jint(prev, "id"));
      json_decref(prev);
      goto out;
    }
    if (rc != SP_ENOTFOUND)
      goto out;
    sp_ctx_clear(ctx);
  }
  rc = live_allocations(ctx, r->as_of, 0, &allocs);
  if (rc != SP_OK)
    goto out;
  size_t na = json_array_size(allocs);
  items = sp_calloc(na + 1, sizeof(*items));
  titles = sp_calloc(na + 1, sizeof(*titles));
  gives = sp_calloc(na + 1, sizeof(*gives));
  recvs = sp_calloc(na + 1, sizeof(*recvs));
  moves = sp_calloc(na + 1, sizeof(*moves)); /* at most donors + recipients - 1 moves */
  if (!items || !titles || !gives || !recvs || !moves) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  int n = 0;
  int64_t total_before = 0;
  size_t i;
  json_t *a;
  json_array_foreach(allocs, i, a) {
    int64_t ag = sp__agree_jint(a, "agreement_id");
    if (n == 0 || items[n - 1].id != ag) {
      items[n].id = ag;
      titles[n] = sp_rec_str(a, "title", "");
      n++;
    }
    items[n - 1].allocated += sp__agree_jint(a, "amount_pence");
    items[n - 1].used += sp__agree_jint(a, "used_pence");
    items[n - 1].profile += profile_of(a, r->as_of);
    total_before += sp__agree_jint(a, "amount_pence");
  }
  int nm = sp_realloc_plan(items, n, moves, gives, recvs);
  if (nm < 0) {
    rc = sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "the allocations on this date are inconsistent (spend above allocation)");
    goto out;
  }
  int64_t moved = 0;
  for (int k = 0; k < n; k++) {
    const char *pos = items[k].used < items[k].profile ? "below_profile"
                      : items[k].used > items[k].profile ? "above_profile"
                                                          : "on_profile";
    json_array_append_new(summary,
                          json_pack("{s:I, s:s, s:I, s:I, s:I, s:s, s:I}", "id", (json_int_t)items[k].id, "title",
                                    titles[k], "allocated_pence", (json_int_t)items[k].allocated, "used_pence",
                                    (json_int_t)items[k].used, "profile_pence", (json_int_t)items[k].profile,
                                    "position", pos, "change_pence", (json_int_t)(recvs[k] - gives[k])));
  }
  int64_t run_id = 0;
  if (!r->dry_run) {
    rc = sp__agree_exec(ctx, &run_id, "INSERT INTO reallocation_runs(as_of, total_pence, actor) VALUES (?,?,?)", "dis",
                        r->as_of, total_before, sp_ctx_actor_name(ctx));
    if (rc != SP_OK)
      goto out;
  }
  for (int m = 0; m < nm; m++) {
    int f = -1, t = -1;
    for (int k = 0; k < n; k++) {
      if (items[k].id == moves[m].from)
        f = k;
      if (items[k].id == moves[m].to)
        t = k;
    }
    char fu[64], fp[64], tu[64], tp[64], reason[900];
    pounds(items[f].used, fu, sizeof(fu));
    pounds(items[f].profile, fp, sizeof(fp));
    pounds(items[t].used, tu, sizeof(tu));
    pounds(items[t].profile, tp, sizeof(tp));
    snprintf(reason, sizeof(reason),
             "review %s: demand for \"%s\" (%s delivered or committed) is below its profile (%s); demand for "
             "\"%s\" (%s) exceeds its profile (%s); uncommitted money moves in proportion to excess demand "
             "(" SRC_REALLOC ": funding flows to another compact where demand is rising)",
             d, titles[f], fu, fp, titles[t], tu, tp);
    moved += moves[m].amount;
    json_array_append_new(moves_json, json_pack("{s:I, s:s, s:I, s:s, s:I, s:s}", "from_agreement_id",
                                                 (json_int_t)moves[m].from, "from_title", titles[f],
                                                 "to_agreement_id", (json_int_t)moves[m].to, "to_title", titles[t],
                                                 "amount_pence", (json_int_t)moves[m].amount, "reason", reason));
    if (r->dry_run)
      continue;
    if ((rc = sp__agree_exec(ctx, NULL,
                             "INSERT INTO reallocation_moves(run_id, as_of, from_agreement_id, to_agreement_id,"
                             " amount_pence, reason) VALUES (?,?,?,?,?,?)",
                             "idiiis", run_id, r->as_of, moves[m].from, moves[m].to, moves[m].amount, reason)) != SP_OK)
      goto out;
  }
  if (!r->dry_run) {
    for (int k = 0; k < n; k++) {
      int64_t delta = recvs[k] - gives[k];
      /* A donor gives and a recipient receives; no item does both. */
      if (gives[k] > 0 && (rc = spread(ctx, allocs, items[k].id, -gives[k], "reallocation at review")) != SP_OK)
        goto out;
      if (recvs[k] > 0 && (rc = spread(ctx, allocs, items[k].id, recvs[k], "reallocation at review")) != SP_OK)
        goto out;
      (void)delta;
    }
  }
  int64_t total_after = 0;
  json_array_foreach(allocs, i, a) total_after += sp__agree_jint(a, "amount_pence");
  if (total_after != total_before) {
    rc = sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "reallocation did not conserve the total (%lld != %lld)",
                     (long long)total_after, (long long)total_before);
    goto out;
  }
  if (!r->dry_run) {
    char idbuf[32];
    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)run_id);
    json_t *after = json_pack("{s:s, s:O}", "as_of", d, "moves", moves_json);
    rc = sp_audit_append(ctx, "run", "reallocation", idbuf, NULL, after);
    json_decref(after);
    if (rc != SP_OK)
      goto out;
  }
  r->out = json_pack("{s:s, s:b, s:I, s:I, s:I, s:I, s:o, s:o, s:s}", "as_of", d, "dry_run", r->dry_run, "run_id",
                     (json_int_t)run_id, "total_before_pence", (json_int_t)total_before, "total_after_pence",
                     (json_int_t)(r->dry_run ? total_before : total_after), "moved_pence", (json_int_t)moved,
                     "agreements", summary, "moves", moves_json, "source", SRC_REALLOC);
  summary = moves_json = NULL;
  if (!r->out)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
out:
  json_decref(allocs);
  json_decref(summary);
  json_decref(moves_json);
  sp_free(items);
  sp_free(moves);
  sp_free(titles);
  sp_free(gives);
  sp_free(recvs);
  return rc;
}

enum sp_rc sp_funding_reallocate(struct sp_ctx *ctx, int32_t as_of, int dry_run, json_t **out) {
  if (as_of == SP_DATE_NONE)
    return sp_ctx_fail(ctx, SP_EINVAL, "as_of", "as_of (the review date) is required");
  struct realloc_arg r = {as_of, dry_run, NULL};
  enum sp_rc rc;
  /* A dry run shows every agreement's money and demand: funders and DfE
   * only (funding.preview; issue 10, finding 9). */
  if ((rc = sp_policy_check(ctx, dry_run ? SP_ACT_FUNDING_PREVIEW : SP_ACT_FUNDING_EDIT)) != SP_OK)
    return rc;
  if (dry_run)
    rc = realloc_work(ctx, &r);
  else
    rc = sp__agree_tx(ctx, realloc_work, &r);
  if (rc == SP_OK)
    *out = r.out;
  else
    json_decref(r.out);
  return rc;
}

struct move_arg {
  int64_t from, to, amount;
  const char *reason;
  int32_t as_of;
};

static enum sp_rc move_tx(struct sp_ctx *ctx, void *arg) {
  struct move_arg *m = arg;
  json_t *allocs = NULL;
  enum sp_rc rc = live_allocations(ctx, m->as_of, 0, &allocs);
  if (rc != SP_OK)
    return rc;
  if ((rc = spread(ctx, allocs, m->from, -m->amount, m->reason)) == SP_OK &&
      (rc = spread(ctx, allocs, m->to, m->amount, m->reason)) == SP_OK)
    rc = sp__agree_exec(ctx, NULL,
                        "INSERT INTO reallocation_moves(run_id, as_of, from_agreement_id, to_agreement_id,"
                        " amount_pence, reason) VALUES (NULL,?,?,?,?,?)",
                        "diiis", m->as_of, m->from, m->to, m->amount, m->reason);
  json_decref(allocs);
  return rc;
}

enum sp_rc sp_funding_move(struct sp_ctx *ctx, int64_t from, int64_t to, int64_t amount_pence, const char *reason,
                           int32_t as_of) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_FUNDING_EDIT);
  if (rc != SP_OK)
    return rc;
  if (amount_pence <= 0 || amount_pence > SP_FUNDING_MAX_PENCE)
    return sp_ctx_fail(ctx, SP_EINVAL, "amount_pence",
                       "amount_pence must be a positive whole number of pence up to £10 trillion; negative "
                       "amounts are refused");
  if (from == to)
    return sp_ctx_fail(ctx, SP_EINVAL, "to", "money moves between two different agreements");
  if (!reason || !*reason)
    return sp_ctx_fail(ctx, SP_EINVAL, "reason", "a reason is required for every move (" SRC_REALLOC ")");
  if (as_of == SP_DATE_NONE)
    return sp_ctx_fail(ctx, SP_EINVAL, "as_of", "as_of is required");
  struct move_arg m = {from, to, amount_pence, reason, as_of};
  return sp__agree_tx(ctx, move_tx, &m);
}
