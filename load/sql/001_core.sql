-- SPEC §2: the canonical model.  Timestamps are timestamptz (UTC); text is
-- trimmed UTF-8.  One migration per file; applied in order, once.

CREATE TABLE prodops.runs (
    run_id      bigserial PRIMARY KEY,
    job         text NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    status      text NOT NULL DEFAULT 'running',
    stats       jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE prodops.files (
    file_id        bigserial PRIMARY KEY,
    sha256         text NOT NULL,
    name           text NOT NULL,
    path           text,
    size_bytes     bigint,
    mtime_ns       bigint,
    source         text,
    kind           text,
    profile        text,
    encoding       text,
    status         text NOT NULL CHECK (status IN ('loaded', 'rejected')),
    reason         text,
    rows_read      bigint NOT NULL DEFAULT 0,
    rows_loaded    bigint NOT NULL DEFAULT 0,  -- new rows
    rows_updated   bigint NOT NULL DEFAULT 0,
    rows_duplicate bigint NOT NULL DEFAULT 0,  -- in-file repeats + unchanged
    rows_rejected  bigint NOT NULL DEFAULT 0,
    warnings       jsonb NOT NULL DEFAULT '{}',
    seconds        double precision,
    loaded_at      timestamptz NOT NULL DEFAULT now(),
    run_id         bigint REFERENCES prodops.runs,
    -- SPEC §5: every file reconciles.
    CONSTRAINT files_reconcile CHECK (status <> 'loaded' OR rows_read =
        rows_loaded + rows_updated + rows_duplicate + rows_rejected)
);
-- SPEC §4: the same file (same SHA-256) loads once.  A concurrent second
-- loader blocks on this index and then sees the first one's row.
CREATE UNIQUE INDEX files_sha256_loaded ON prodops.files (sha256)
    WHERE status = 'loaded';
CREATE INDEX files_path ON prodops.files (path, size_bytes, mtime_ns);

CREATE TABLE prodops.rejects (
    reject_id   bigserial PRIMARY KEY,
    file_id     bigint NOT NULL REFERENCES prodops.files ON DELETE CASCADE,
    line_no     bigint,
    column_name text,
    reason      text NOT NULL,
    raw         text
);
CREATE INDEX rejects_file ON prodops.rejects (file_id, line_no);

CREATE TABLE prodops.accounts (
    account_id text PRIMARY KEY,
    name       text,
    domain     text,
    plan       text,
    segment    text,
    region     text,
    arr        numeric,
    owner      text,
    extra      jsonb NOT NULL DEFAULT '{}',
    file_id    bigint REFERENCES prodops.files
);
CREATE INDEX accounts_lower_name ON prodops.accounts (lower(name));
CREATE INDEX accounts_domain ON prodops.accounts (domain);

-- SPEC §3: free-mail domains never map to an account.
CREATE TABLE prodops.freemail_domains (domain text PRIMARY KEY);
INSERT INTO prodops.freemail_domains (domain) VALUES
    ('gmail.com'), ('googlemail.com'), ('outlook.com'), ('hotmail.com'),
    ('hotmail.co.uk'), ('live.com'), ('msn.com'), ('yahoo.com'),
    ('yahoo.co.uk'), ('yahoo.co.in'), ('ymail.com'), ('icloud.com'),
    ('me.com'), ('mac.com'), ('aol.com'), ('proton.me'), ('protonmail.com'),
    ('gmx.com'), ('gmx.de'), ('gmx.net'), ('web.de'), ('mail.com'),
    ('zoho.com'), ('yandex.ru'), ('yandex.com'), ('qq.com'), ('163.com'),
    ('126.com'), ('rediffmail.com'), ('fastmail.com'), ('hey.com'),
    ('tutanota.com');

-- SPEC §3: a row's account is resolved from inputs stored with the row
-- (account_ref, organization, requester_domain), so that accounts loaded
-- later re-resolve rows loaded earlier (see 002_account_lookup.sql).

CREATE TABLE prodops.tickets (
    source           text NOT NULL,
    external_id      text NOT NULL,
    account_id       text,
    account_ref      text,
    organization     text,
    requester_email  text,
    requester_domain text,
    subject          text,
    status           text,
    priority         text,
    channel          text,
    product_area     text,
    tags             text[] NOT NULL DEFAULT '{}',
    assignee         text,
    group_name       text,
    created_at       timestamptz NOT NULL,
    first_reply_at   timestamptz,
    solved_at        timestamptz,
    updated_at       timestamptz NOT NULL,
    reopens          integer,
    replies          integer,
    satisfaction     text CHECK (satisfaction IN ('good', 'bad')),
    themes           text[] NOT NULL DEFAULT '{}',
    extra            jsonb NOT NULL DEFAULT '{}',
    probable_duplicate_of text,
    file_id          bigint NOT NULL REFERENCES prodops.files,
    PRIMARY KEY (source, external_id)
);
CREATE INDEX tickets_created_at ON prodops.tickets (created_at);
CREATE INDEX tickets_solved_at ON prodops.tickets (solved_at);
CREATE INDEX tickets_account ON prodops.tickets (account_id);
