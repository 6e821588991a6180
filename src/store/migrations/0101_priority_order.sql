-- 0101_priority_order.sql: the order in which an ERB lists its plan's
-- priorities (stage B, section 6.2). Priorities list by ord, then id; a new
-- priority gets ord 0 and so follows those of equal ord by id. Moving one up
-- or down (src/core/lsip/edit.c) first numbers the plan's priorities 1..n in
-- their current order, then swaps two neighbours.
ALTER TABLE lsip_priorities ADD COLUMN ord INTEGER NOT NULL DEFAULT 0;
