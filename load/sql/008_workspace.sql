-- The workspace: one row of settings that belong to this warehouse rather
-- than to a config file.  secret keys the pseudonyms of PM handoffs
-- (HMAC-SHA256 of a requester's email, reports/handoff.c): 32 random bytes
-- made by the first handoff (load/workspace.c), so the same person gets the
-- same id in every handoff of this warehouse and another id in another
-- warehouse.  Whoever can read this table can recompute the ids: it is as
-- private as the emails it stands for.
CREATE TABLE prodops.workspace (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    secret     bytea NOT NULL CHECK (length(secret) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
