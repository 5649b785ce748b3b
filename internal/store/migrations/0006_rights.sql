-- 0006: the citizen's rights (Decree 13/2023): consent withdrawn, processing
-- restricted, deletion on request (also at the hub), and the purge of old
-- sessions. Nothing here holds personal data.

-- A withdrawn consent keeps its answer and the version of the text the
-- citizen heard; granted becomes 0 and withdrawn_at says when.
ALTER TABLE consents ADD COLUMN withdrawn_at TEXT;

-- A session whose processing the citizen restricted: its draft is read-only
-- and not synced while the row exists. sync_allowed is the draft's own
-- setting, given back when the restriction is lifted; hub_base is the hub
-- version the changes dropped from the outbox started from, so one change
-- from it to the draft's version is queued again then.
CREATE TABLE restrictions (
    session_id   INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    since        TEXT NOT NULL,
    sync_allowed INTEGER NOT NULL CHECK (sync_allowed IN (0, 1)),
    hub_base     INTEGER
) STRICT;

-- What is left of a deleted draft, or of a draft the hub must delete: its
-- uid and why. 'queued' waits to be sent to the hub, 'sent' the hub has
-- done, 'refused' the hub could not read, 'local' was never on the hub or
-- was deleted there first. It also keeps a deleted draft from coming back
-- with a pull.
CREATE TABLE deletions (
    id         INTEGER PRIMARY KEY,
    draft_uid  TEXT NOT NULL UNIQUE,
    reason     TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'queued'
               CHECK (state IN ('queued', 'sent', 'refused', 'local')),
    done_at    TEXT
) STRICT;

CREATE INDEX deletions_queued ON deletions(id) WHERE state = 'queued';

-- One row per purge run: when, the retention in days, how many sessions
-- went, the start times of the oldest and newest of them, and how many old
-- enough sessions had to wait (changes not yet at the hub, an open
-- conflict, processing restricted).
CREATE TABLE purge_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    days    INTEGER NOT NULL,
    count   INTEGER NOT NULL,
    oldest  TEXT,
    newest  TEXT,
    waiting INTEGER NOT NULL DEFAULT 0
) STRICT;
