-- 0002: guide packs the admin published, kept whole so the hub serves them
-- itself. Every version is kept; desks are served the highest.

CREATE TABLE guide_packs (
    version      INTEGER PRIMARY KEY,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    zip          BLOB NOT NULL,
    published_at TEXT NOT NULL
) STRICT;
