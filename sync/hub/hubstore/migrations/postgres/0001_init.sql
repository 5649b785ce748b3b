-- 0001: the first schema of the hub on PostgreSQL.
-- Secrets are never stored: only the hex SHA-256 of tokens and codes.
-- Answers and event bodies are TEXT, not JSONB, so they keep their bytes.

CREATE TABLE desks (
    id          TEXT PRIMARY KEY,
    commune     TEXT NOT NULL,
    name        TEXT NOT NULL,
    token_hash  TEXT UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    enrolled_at TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);

CREATE TABLE enrol_codes (
    code_hash  TEXT PRIMARY KEY,
    desk_id    TEXT NOT NULL REFERENCES desks(id),
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

-- A draft is scoped by commune: a desk reads and writes only the rows of
-- its own commune, so another commune's draft ids are never reachable.
CREATE TABLE drafts (
    commune      TEXT NOT NULL,
    draft_id     TEXT NOT NULL,
    version      BIGINT NOT NULL,
    payload      TEXT NOT NULL,
    desk_id      TEXT NOT NULL REFERENCES desks(id),
    status       TEXT NOT NULL DEFAULT '',
    dossier_code TEXT NOT NULL DEFAULT '',
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commune, draft_id)
);

-- Every change a desk pushed that was answered applied or conflict, with
-- the answer as sent, so a resend gets the same bytes back.
CREATE TABLE changes (
    desk_id      TEXT NOT NULL REFERENCES desks(id),
    draft_id     TEXT NOT NULL,
    new_version  BIGINT NOT NULL,
    base_version BIGINT NOT NULL,
    payload_sha  TEXT NOT NULL,
    desk_time    TIMESTAMPTZ,
    result       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (desk_id, draft_id, new_version)
);

CREATE TABLE conflicts (
    id           BIGSERIAL PRIMARY KEY,
    commune      TEXT NOT NULL,
    draft_id     TEXT NOT NULL,
    desk_id      TEXT NOT NULL REFERENCES desks(id),
    base_version BIGINT NOT NULL,
    new_version  BIGINT NOT NULL,
    hub_version  BIGINT NOT NULL,
    hub_payload  TEXT NOT NULL,
    desk_payload TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX conflicts_draft ON conflicts(commune, draft_id);

-- Events are what desks pull; commune '' reaches every commune.
CREATE TABLE events (
    seq        BIGSERIAL PRIMARY KEY,
    commune    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    draft_id   TEXT NOT NULL DEFAULT '',
    desk_id    TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX events_commune ON events(commune, seq);
