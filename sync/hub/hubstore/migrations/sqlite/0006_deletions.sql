-- 0006: drafts deleted at a desk's request (protocol 1.1). Every row of
-- such a draft is removed; this row, which holds no personal data, stays so
-- that a later push of the same draft is refused instead of keeping it again.

CREATE TABLE deleted_drafts (
    commune    TEXT NOT NULL,
    draft_id   TEXT NOT NULL,
    desk_id    TEXT NOT NULL,
    reason     TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    PRIMARY KEY (commune, draft_id)
) STRICT;

-- A deletion finds a draft's events by its id; its answers are found
-- through the primary key of changes (desk, draft, version).
CREATE INDEX events_draft ON events(commune, draft_id);
