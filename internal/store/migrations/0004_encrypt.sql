-- 0004: the citizens' details are kept encrypted (AES-256-GCM under the
-- desk's data key, see internal/keystore and store/datakey.go). Each
-- *_sealed column holds a version byte, a nonce and the ciphertext, bound
-- to its table, column and row. The plain columns stay, so that the earlier
-- migrations still describe the file, and hold only '{}', '' or NULL once
-- the store has sealed the rows written before this migration
-- (store/seal_existing.go), which it does in Go when it next opens.

-- The draft's fields as one JSON object; a NULL draft has no fields yet.
ALTER TABLE drafts ADD COLUMN fields_sealed BLOB;

-- The value a change set; the field name stays in clear.
ALTER TABLE draft_history ADD COLUMN value_sealed BLOB;

-- The whole draft as sent to the hub.
ALTER TABLE outbox ADD COLUMN payload_sealed BLOB;

-- Both sides of a conflict; a NULL hub side is not known yet.
ALTER TABLE conflicts ADD COLUMN local_sealed BLOB;
ALTER TABLE conflicts ADD COLUMN hub_sealed BLOB;

-- A status's note and an unread mail's subject and sender, which a person
-- wrote and which may name the citizen.
ALTER TABLE dossier_statuses ADD COLUMN note_sealed BLOB;
ALTER TABLE unmatched_mails ADD COLUMN subject_sealed BLOB;
ALTER TABLE unmatched_mails ADD COLUMN sender_sealed BLOB;
