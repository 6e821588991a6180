-- 0503_authz.sql: who owns a record, and the sign-in throttle (issue 10,
-- findings 2 and 4; docs/security.md).
--
-- An agreement's owner is the organisation that created it (a funder or
-- DfE); together with the parties in a funding role (funding_agency,
-- funding_body) it decides who may add parties, publish and record
-- signatories. Agreements made before this migration have no recorded
-- creator: their funding-role parties own them.
ALTER TABLE agreements ADD COLUMN owner_org_id INTEGER REFERENCES orgs(id);

-- Sign-in failures are counted per (account, address) pair since the pair's
-- last success; this index serves that count and the DfE list of blocks.
CREATE INDEX login_attempts_pair ON login_attempts(email, address, at);
