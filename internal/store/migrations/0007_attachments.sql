-- 0007: files attached to a draft (photos and scans of the citizen's papers)
-- and their upload to the hub. The files themselves live in the data
-- folder's "attachments" folder, named by their SHA-256 (package attach);
-- the database only names them, so a draft refers to a file by checksum.

-- The files of each draft, in the order they were added. paper is the id
-- of the checklist paper from the procedure catalogue the file shows, or ''.
-- Removing a file from a draft deletes its row; the file stays in the
-- folder while another draft still has a row naming it.
CREATE TABLE draft_attachments (
    id       INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    sha256   TEXT NOT NULL
             CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    kind     TEXT NOT NULL CHECK (kind IN ('jpeg', 'png', 'pdf')),
    size     INTEGER NOT NULL CHECK (size BETWEEN 1 AND 31457280),
    paper    TEXT NOT NULL DEFAULT '' CHECK (length(paper) <= 200),
    position INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (draft_id, sha256)
) STRICT;

CREATE INDEX draft_attachments_sha ON draft_attachments(sha256);

-- What this desk must send to the hub, one row per file whatever the number
-- of drafts using it: queued (sent bytes so far in sent, as the hub last
-- said), done, or refused for good with the translation key of the reason.
-- tries counts answers that were neither a success nor a network failure.
CREATE TABLE attachment_uploads (
    sha256    TEXT PRIMARY KEY
              CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    size      INTEGER NOT NULL CHECK (size > 0),
    kind      TEXT NOT NULL CHECK (kind IN ('jpeg', 'png', 'pdf')),
    state     TEXT NOT NULL DEFAULT 'queued'
              CHECK (state IN ('queued', 'done', 'refused')),
    sent      INTEGER NOT NULL DEFAULT 0 CHECK (sent >= 0),
    reason    TEXT NOT NULL DEFAULT '',
    tries     INTEGER NOT NULL DEFAULT 0,
    queued_at TEXT NOT NULL,
    done_at   TEXT
) STRICT;

CREATE INDEX attachment_uploads_state ON attachment_uploads(state, queued_at);
