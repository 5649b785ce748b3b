-- 0005: volunteers sign in with a PIN and have a role; an append-only,
-- hash-chained audit log says who viewed, changed, exported or deleted what.

-- pin_hash is an encoded Argon2id hash ('' until a PIN is set). The sign-in
-- record (failed_attempts, locks, locked_until) lives here so that
-- restarting the app does not hand out fresh tries.
ALTER TABLE volunteers ADD COLUMN pin_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE volunteers ADD COLUMN role TEXT NOT NULL DEFAULT 'volunteer'
    CHECK (role IN ('volunteer', 'trainer', 'admin'));
ALTER TABLE volunteers ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0
    CHECK (failed_attempts >= 0);
ALTER TABLE volunteers ADD COLUMN locks INTEGER NOT NULL DEFAULT 0 CHECK (locks >= 0);
ALTER TABLE volunteers ADD COLUMN locked_until TEXT;
ALTER TABLE volunteers ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));

-- Who made each change of a draft: the volunteer signed in (WithActor),
-- 0 for changes from before sign-in or from the hub.
ALTER TABLE draft_history ADD COLUMN actor INTEGER NOT NULL DEFAULT 0;

-- actor is a volunteer id, 0 for the desk itself (an automatic purge);
-- draft_id is 0 when the entry is about no draft, and draft_uid names the
-- draft for good, since a deleted draft's id can be given again. Neither
-- is a foreign key: the entry must outlive the draft it tells about.
-- detail never holds personal data. hash = SHA-256(prev_hash || the row's
-- other columns), see store/audit_chain.go; the settings row 'audit.head'
-- keeps the last sequence number and hash.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     INTEGER NOT NULL,
    action    TEXT NOT NULL,
    draft_id  INTEGER NOT NULL DEFAULT 0,
    draft_uid TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;

CREATE INDEX audit_log_draft ON audit_log(draft_id, seq);
CREATE INDEX audit_log_actor ON audit_log(actor, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
