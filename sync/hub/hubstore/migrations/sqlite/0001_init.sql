-- 0001: the first schema of the hub on SQLite.
-- Times are RFC 3339 UTC text with nine fraction digits, so they sort as text.
-- Secrets are never stored: only the hex SHA-256 of tokens and codes.

CREATE TABLE desks (
    id          TEXT PRIMARY KEY,
    commune     TEXT NOT NULL,
    name        TEXT NOT NULL,
    token_hash  TEXT UNIQUE,
    created_at  TEXT NOT NULL,
    enrolled_at TEXT,
    revoked_at  TEXT
) STRICT;

CREATE TABLE enrol_codes (
    code_hash  TEXT PRIMARY KEY,
    desk_id    TEXT NOT NULL REFERENCES desks(id),
    expires_at TEXT NOT NULL,
    used_at    TEXT
) STRICT;

-- A draft is scoped by commune: a desk reads and writes only the rows of
-- its own commune, so another commune's draft ids are never reachable.
CREATE TABLE drafts (
    commune      TEXT NOT NULL,
    draft_id     TEXT NOT NULL,
    version      INTEGER NOT NULL,
    payload      TEXT NOT NULL,
    desk_id      TEXT NOT NULL REFERENCES desks(id),
    status       TEXT NOT NULL DEFAULT '',
    dossier_code TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (commune, draft_id)
) STRICT;

-- Every change a desk pushed that was answered applied or conflict, with
-- the answer as sent, so a resend gets the same bytes back.
CREATE TABLE changes (
    desk_id      TEXT NOT NULL REFERENCES desks(id),
    draft_id     TEXT NOT NULL,
    new_version  INTEGER NOT NULL,
    base_version INTEGER NOT NULL,
    payload_sha  TEXT NOT NULL,
    desk_time    TEXT,
    result       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (desk_id, draft_id, new_version)
) STRICT;

CREATE TABLE conflicts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    commune      TEXT NOT NULL,
    draft_id     TEXT NOT NULL,
    desk_id      TEXT NOT NULL REFERENCES desks(id),
    base_version INTEGER NOT NULL,
    new_version  INTEGER NOT NULL,
    hub_version  INTEGER NOT NULL,
    hub_payload  TEXT NOT NULL,
    desk_payload TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

CREATE INDEX conflicts_draft ON conflicts(commune, draft_id);

-- Events are what desks pull; commune '' reaches every commune.
CREATE TABLE events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    commune    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    draft_id   TEXT NOT NULL DEFAULT '',
    desk_id    TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE INDEX events_commune ON events(commune, seq);
