-- 0002: guide packs the admin published, kept whole so the hub serves them
-- itself. Every version is kept; desks are served the highest.

CREATE TABLE guide_packs (
    version      BIGINT PRIMARY KEY,
    sha256       TEXT NOT NULL,
    size         BIGINT NOT NULL,
    zip          BYTEA NOT NULL,
    published_at TIMESTAMPTZ NOT NULL
);
