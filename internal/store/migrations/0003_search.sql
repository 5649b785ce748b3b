-- 0003: search through a blind index instead of plain text.
-- A draft is found by keyed terms (see internal/searchindex): every prefix
-- of every word of the citizen's name, the identity number, the phone. The
-- terms are made in Go under a key kept beside the database, so the file
-- alone does not say whose names and numbers it can find.

-- The terms of each draft, as the words of a full-text index that keeps no
-- copy of them (contentless) and no positions. A row's rowid is its doc.
CREATE VIRTUAL TABLE draft_search USING fts5(
    terms, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii'
);

-- doc is the draft's updated_at in Unix nanoseconds (one more while taken),
-- so the index hands out matching drafts newest first and a search stops
-- after the first page, however common its words.
CREATE TABLE search_docs (
    doc      INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL UNIQUE REFERENCES drafts(id) ON DELETE CASCADE
) STRICT;

-- A draft deleted, directly or with its session, leaves the index.
CREATE TRIGGER drafts_unsearch BEFORE DELETE ON drafts
BEGIN
    DELETE FROM draft_search
    WHERE rowid = (SELECT doc FROM search_docs WHERE draft_id = old.id);
END;

-- The plain folded name and identity number are no longer kept; the
-- columns stay so that the earlier migrations still describe the file. The
-- terms of existing drafts are made when the store opens (search_index.go).
-- secure_delete overwrites the freed bytes, so the old text does not stay
-- behind in free space of the file.
PRAGMA secure_delete = ON;
DROP INDEX drafts_search_name;
DROP INDEX drafts_id_number;
UPDATE drafts SET search_name = '', id_number = ''
WHERE search_name != '' OR id_number != '';
PRAGMA secure_delete = OFF;

-- Open sessions are few (today's), so a search among them starts from them.
CREATE INDEX sessions_open ON sessions(id) WHERE state = 'open';
