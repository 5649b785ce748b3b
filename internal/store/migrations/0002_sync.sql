-- 0002: sync with the provincial hub, conflicts, and dossier statuses.
-- Runs with foreign keys off (see migrate.go), so tables can be rebuilt.

-- A session may now hold a draft handed off by another desk through the
-- hub: it has no volunteer of this desk and is marked from_hub.
CREATE TABLE sessions_new (
    id           INTEGER PRIMARY KEY,
    volunteer_id INTEGER REFERENCES volunteers(id),
    desk         TEXT NOT NULL DEFAULT '',
    started_at   TEXT NOT NULL,
    ended_at     TEXT,
    state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    outcome      TEXT NOT NULL DEFAULT ''
                 CHECK (outcome IN ('', 'done', 'continue', 'counter')),
    anonymous    INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
    from_hub     INTEGER NOT NULL DEFAULT 0 CHECK (from_hub IN (0, 1)),
    CHECK (volunteer_id IS NOT NULL OR from_hub = 1)
) STRICT;

INSERT INTO sessions_new(id, volunteer_id, desk, started_at, ended_at, state, outcome,
    anonymous)
SELECT id, volunteer_id, desk, started_at, ended_at, state, outcome, anonymous
FROM sessions;

DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_started_at ON sessions(started_at);
CREATE INDEX sessions_volunteer ON sessions(volunteer_id);

-- uid names the draft on every desk and on the hub (a UUIDv7, lower case);
-- dossier_code is the portal's code from the field dossier.code, upper case
-- without spaces, kept in step with the field in the same transaction.
ALTER TABLE drafts ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE drafts ADD COLUMN dossier_code TEXT NOT NULL DEFAULT '';

-- sync_base is the hub version the next outbox row starts from when it is
-- not the draft's version: after a change the hub refused as invalid, the
-- next change fast-forwards from the last version the hub took.
ALTER TABLE drafts ADD COLUMN sync_base INTEGER;

-- Existing drafts get a UUIDv7 made from their last change time and random
-- bits: 48 bits of milliseconds, version 7, 12 random bits, variant 10, 62
-- random bits.
UPDATE drafts SET uid = lower(
    substr(x.ts, 1, 8) || '-' || substr(x.ts, 9, 4) || '-7' ||
    substr(hex(randomblob(2)), 2, 3) || '-' ||
    substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2, 3) || '-' ||
    hex(randomblob(6)))
FROM (SELECT id AS did, printf('%012x', coalesce(
        CAST(unixepoch(updated_at, 'subsec') * 1000 AS INTEGER),
        CAST(unixepoch('now', 'subsec') * 1000 AS INTEGER))) AS ts
      FROM drafts) AS x
WHERE drafts.id = x.did;

UPDATE drafts SET dossier_code = upper(replace(replace(trim(
    coalesce(json_extract(fields, '$."dossier.code"'), '')), ' ', ''), char(9), ''));

CREATE UNIQUE INDEX drafts_uid ON drafts(uid);
CREATE INDEX drafts_dossier_code ON drafts(dossier_code) WHERE dossier_code != '';

-- Conflicts keep both versions of a draft until a person chooses. The hub's
-- side arrives with the pull after the push that found the conflict.
CREATE TABLE conflicts (
    id               INTEGER PRIMARY KEY,
    draft_id         INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    hub_version      INTEGER NOT NULL,
    hub_desk         TEXT NOT NULL DEFAULT '',
    hub_payload      TEXT CHECK (hub_payload IS NULL OR json_valid(hub_payload)),
    local_version    INTEGER NOT NULL,
    local_payload    TEXT NOT NULL CHECK (json_valid(local_payload)),
    created_at       TEXT NOT NULL,
    resolved_at      TEXT,
    resolution       TEXT NOT NULL DEFAULT ''
                     CHECK (resolution IN ('', 'keep_local', 'keep_hub')),
    resolved_version INTEGER
) STRICT;

CREATE UNIQUE INDEX conflicts_open ON conflicts(draft_id) WHERE resolved_at IS NULL;

-- Every conflict id the hub gave for a draft of this desk, so an answer or
-- an event seen twice is counted once.
CREATE TABLE conflict_refs (
    hub_conflict_id INTEGER PRIMARY KEY,
    conflict_id     INTEGER NOT NULL REFERENCES conflicts(id) ON DELETE CASCADE
) STRICT;

-- The outbox gains the states of a push: queued, then sent, conflict or
-- quarantined (set aside for a person), or superseded by a conflict's
-- resolution; done_at says when it left the queue.
CREATE TABLE outbox_new (
    id           INTEGER PRIMARY KEY,
    draft_id     INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    base_version INTEGER NOT NULL,
    new_version  INTEGER NOT NULL,
    payload      TEXT NOT NULL CHECK (json_valid(payload)),
    created_at   TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'queued' CHECK (state IN
                 ('queued', 'sent', 'conflict', 'quarantined', 'superseded')),
    done_at      TEXT,
    reason       TEXT NOT NULL DEFAULT '',
    hub_version  INTEGER,
    conflict_id  INTEGER REFERENCES conflicts(id) ON DELETE SET NULL
) STRICT;

INSERT INTO outbox_new(id, draft_id, base_version, new_version, payload, created_at, state)
SELECT id, draft_id, base_version, new_version, payload, created_at,
       CASE WHEN state IN ('queued', 'sent', 'conflict', 'quarantined', 'superseded')
            THEN state ELSE 'queued' END
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_draft ON outbox(draft_id, state);
CREATE INDEX outbox_state ON outbox(state, id);

-- Dossier statuses from the hub or from status mails, each recorded once
-- per source reference; draft_id is NULL while no draft has the code. A
-- mail is also known by its Message-ID, in case the mailbox is renumbered.
CREATE TABLE dossier_statuses (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL CHECK (source IN ('hub', 'mail')),
    ref          TEXT NOT NULL,
    message_id   TEXT NOT NULL DEFAULT '',
    draft_id     INTEGER REFERENCES drafts(id) ON DELETE SET NULL,
    dossier_code TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    at           TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    seen_at      TEXT,
    UNIQUE (source, ref)
) STRICT;

CREATE UNIQUE INDEX dossier_statuses_message ON dossier_statuses(message_id,
    dossier_code, status) WHERE source = 'mail' AND message_id != '';
CREATE INDEX dossier_statuses_draft ON dossier_statuses(draft_id, at);
CREATE INDEX dossier_statuses_code ON dossier_statuses(dossier_code)
    WHERE draft_id IS NULL;

-- Mails the watcher read but could not record a status from (no code, no
-- status word, unreadable), for a person to look at in the mailbox.
CREATE TABLE unmatched_mails (
    id          INTEGER PRIMARY KEY,
    mailbox     TEXT NOT NULL,
    uidvalidity INTEGER NOT NULL,
    uid         INTEGER NOT NULL,
    message_id  TEXT NOT NULL DEFAULT '',
    subject     TEXT NOT NULL DEFAULT '',
    sender      TEXT NOT NULL DEFAULT '',
    codes       TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL,
    sent_at     TEXT,
    recorded_at TEXT NOT NULL,
    seen_at     TEXT,
    UNIQUE (mailbox, uidvalidity, uid, reason)
) STRICT;

-- The hub this desk is enrolled with; the token is sealed with AES-256-GCM
-- under a key kept in a separate file of the data folder.
CREATE TABLE hub (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    url          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL DEFAULT '',
    token_sealed TEXT NOT NULL,
    desk_id      TEXT NOT NULL DEFAULT '',
    desk_name    TEXT NOT NULL DEFAULT '',
    commune      TEXT NOT NULL DEFAULT '',
    enrolled_at  TEXT NOT NULL
) STRICT;

-- Where the sync stands: the pull cursor and the last outcome.
CREATE TABLE sync_state (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    pull_cursor      INTEGER NOT NULL DEFAULT 0,
    last_success     TEXT,
    last_error       TEXT NOT NULL DEFAULT '',
    last_error_cause TEXT NOT NULL DEFAULT '',
    last_error_at    TEXT
) STRICT;

INSERT INTO sync_state(id) VALUES (1);

-- Where the mail watcher stands in each mailbox.
CREATE TABLE mail_state (
    mailbox     TEXT PRIMARY KEY,
    uidvalidity INTEGER NOT NULL,
    last_uid    INTEGER NOT NULL
) STRICT;
