-- 0001: the first schema of the desk database.
-- Times are RFC 3339 UTC text with nine fraction digits, so they sort as text.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE volunteers (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),
    desk         TEXT NOT NULL DEFAULT '',
    started_at   TEXT NOT NULL,
    ended_at     TEXT,
    state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    outcome      TEXT NOT NULL DEFAULT ''
                 CHECK (outcome IN ('', 'done', 'continue', 'counter')),
    anonymous    INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1))
) STRICT;

CREATE INDEX sessions_started_at ON sessions(started_at);
CREATE INDEX sessions_volunteer ON sessions(volunteer_id);

CREATE TABLE consents (
    session_id   INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    purpose      TEXT NOT NULL,
    granted      INTEGER NOT NULL CHECK (granted IN (0, 1)),
    at           TEXT NOT NULL,
    text_version TEXT NOT NULL,
    PRIMARY KEY (session_id, purpose)
) STRICT;

CREATE TABLE drafts (
    id           INTEGER PRIMARY KEY,
    session_id   INTEGER NOT NULL UNIQUE REFERENCES sessions(id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    fields       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(fields)),
    guide_id     TEXT NOT NULL DEFAULT '',
    guide_step   INTEGER NOT NULL DEFAULT 0,
    search_name  TEXT NOT NULL DEFAULT '',
    id_number    TEXT NOT NULL DEFAULT '',
    sync_allowed INTEGER NOT NULL DEFAULT 0 CHECK (sync_allowed IN (0, 1)),
    updated_at   TEXT NOT NULL
) STRICT;

CREATE INDEX drafts_search_name ON drafts(search_name);
CREATE INDEX drafts_id_number ON drafts(id_number);
CREATE INDEX drafts_updated_at ON drafts(updated_at);

CREATE TABLE draft_history (
    id       INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    version  INTEGER NOT NULL,
    field    TEXT NOT NULL,
    value    TEXT NOT NULL,
    at       TEXT NOT NULL
) STRICT;

CREATE INDEX draft_history_draft ON draft_history(draft_id, version);

CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    draft_id     INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    base_version INTEGER NOT NULL,
    new_version  INTEGER NOT NULL,
    payload      TEXT NOT NULL CHECK (json_valid(payload)),
    created_at   TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'queued'
) STRICT;

CREATE INDEX outbox_draft ON outbox(draft_id);
CREATE INDEX outbox_state ON outbox(state, id);
