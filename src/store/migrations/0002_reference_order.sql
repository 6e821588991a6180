-- 0002_reference_order.sql: the guidance's order of occupational routes and
-- pathways (004_34ac84fe2e6428e6.txt, Annex C), kept as a column because row
-- order is not something SQL promises. Filled by the reference loader.
ALTER TABLE routes ADD COLUMN ord INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pathways ADD COLUMN ord INTEGER NOT NULL DEFAULT 0;
