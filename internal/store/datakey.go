package store

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"

	"tiepsuc/internal/keystore"
	"tiepsuc/internal/secret"
)

// Labels of the keys derived from the data key, so that no two uses share
// a key and none of them is the data key itself.
const (
	labelFields  = "tiepsuc personal data v1"
	labelSearch  = "tiepsuc search index v2"
	labelSecrets = "tiepsuc desk secrets v1"
	labelCheck   = "tiepsuc data key check v1"
)

// settingKeyCheck names the setting that holds the check value of the data
// key the database is encrypted under.
const settingKeyCheck = "store.data_key"

// Sealed columns, as their associated data names them.
const (
	colDraftFields   = "drafts.fields"
	colHistoryValue  = "draft_history.value"
	colOutboxPayload = "outbox.payload"
	colConflictLocal = "conflicts.local_payload"
	colConflictHub   = "conflicts.hub_payload"
	colStatusNote    = "dossier_statuses.note"
	colMailSubject   = "unmatched_mails.subject"
	colMailSender    = "unmatched_mails.sender"
)

// ErrKey matches every *KeyError.
var ErrKey = errors.New("data key unusable")

// ErrKeyMissing is the Kind of a *KeyError for a database encrypted under
// a data key that is no longer in its key folder.
var ErrKeyMissing = errors.New("data key missing")

// ErrKeyChanged is the Kind of a *KeyError for a key folder that holds
// another key than the one the database was encrypted under.
var ErrKeyChanged = errors.New("data key is not this database's")

// ErrKeyUnreadable is the Kind of a *KeyError for a key file that is
// damaged, or protected for another Windows user or computer.
var ErrKeyUnreadable = errors.New("data key cannot be read here")

// ErrTampered is returned when a stored value does not open under the data
// key: it was changed, or copied from another row or column.
var ErrTampered = errors.New("stored value was changed or moved")

// KeyError reports why Open refused a database for its data key; the
// database was not changed and nothing was written in clear.
type KeyError struct {
	// Path is the database file; KeyPath the key file.
	Path    string
	KeyPath string
	// Kind is ErrKeyMissing, ErrKeyChanged or ErrKeyUnreadable.
	Kind error
	// Err is the cause, when there is one beyond Kind.
	Err error
}

// Error says what is wrong with the key and the way out.
func (e *KeyError) Error() string {
	switch e.Kind {
	case ErrKeyMissing:
		return fmt.Sprintf("the data key %s of database %s is missing; put the desk's"+
			" key file back: without it the citizens' details cannot be read", e.KeyPath, e.Path)
	case ErrKeyChanged:
		return fmt.Sprintf("the data key %s is not the key database %s was encrypted"+
			" with; put the desk's own key file back", e.KeyPath, e.Path)
	}
	return fmt.Sprintf("the data key %s of database %s cannot be read (%v); start the"+
		" app as the system user who set the desk up, or put the desk's key file back",
		e.KeyPath, e.Path, e.Err)
}

// Unwrap returns the cause.
func (e *KeyError) Unwrap() error { return e.Err }

// Is reports whether target is ErrKey or the error's Kind.
func (e *KeyError) Is(target error) bool { return target == ErrKey || target == e.Kind }

// dataKeys are the keys derived from the desk's data key.
type dataKeys struct {
	// box seals the citizens' details in the database.
	box *secret.Box
	// search keys the blind search index.
	search []byte
	// secrets seals the desk's own secrets: the hub token, the mail password.
	secrets []byte
	// check names the data key in the database without revealing it.
	check string
}

// deriveKeys derives every key the store uses from the data key.
func deriveKeys(dataKey []byte) (*dataKeys, error) {
	derive := func(label string) ([]byte, error) {
		return hkdf.Key(sha256.New, dataKey, nil, label, secret.KeySize)
	}
	var k dataKeys
	fields, err := derive(labelFields)
	if err == nil {
		k.box, err = secret.NewBox(fields)
	}
	if err == nil {
		k.search, err = derive(labelSearch)
	}
	if err == nil {
		k.secrets, err = derive(labelSecrets)
	}
	var check []byte
	if err == nil {
		check, err = derive(labelCheck)
	}
	if err != nil {
		return nil, fmt.Errorf("derive keys: %w", err)
	}
	k.check = hex.EncodeToString(check[:16])
	return &k, nil
}

// openDataKey loads the data key of the database at path from keyDir and
// checks it against the check value the database holds. A database that
// holds none (new, or from before migration 0004) takes the key in
// keyDir, made on first use; one that holds a check value is refused with
// a *KeyError when its key is missing or another, never given a new key.
func openDataKey(ctx context.Context, db *sql.DB, path, keyDir string) (*dataKeys, error) {
	recorded, err := recordedKeyCheck(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("data key: %w", err)
	}
	load := keystore.Load
	if recorded != "" {
		load = keystore.Existing
	}
	keyErr := &KeyError{Path: path, KeyPath: filepath.Join(keyDir, keystore.FileName)}
	key, err := load(keyDir)
	switch {
	case errors.Is(err, keystore.ErrNoKey):
		keyErr.Kind = ErrKeyMissing
		return nil, keyErr
	case errors.Is(err, keystore.ErrBadKey) || errors.Is(err, keystore.ErrUnwrap):
		keyErr.Kind, keyErr.Err = ErrKeyUnreadable, err
		return nil, keyErr
	case err != nil:
		return nil, fmt.Errorf("data key: %w", err)
	}
	keys, err := deriveKeys(key)
	clear(key)
	if err != nil {
		return nil, err
	}
	if recorded != "" && recorded != keys.check {
		keyErr.Kind = ErrKeyChanged
		return nil, keyErr
	}
	return keys, nil
}

// recordedKeyCheck reads the data key's check value from the database, or
// "" when it has none or no tables at all yet.
func recordedKeyCheck(ctx context.Context, db *sql.DB) (string, error) {
	var tables int
	err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema"+
		" WHERE type = 'table' AND name = 'settings'").Scan(&tables)
	if err != nil || tables == 0 {
		return "", err
	}
	var v string
	err = db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?",
		settingKeyCheck).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// recordKeyCheck stores the data key's check value once, before anything
// is sealed under the key.
func recordKeyCheck(ctx context.Context, db *sql.DB, k *dataKeys) error {
	_, err := db.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES(?, ?)"+
		" ON CONFLICT(key) DO NOTHING", settingKeyCheck, k.check)
	if err != nil {
		return fmt.Errorf("record data key: %w", err)
	}
	return nil
}

// rowAD is the associated data of a sealed value: its column, its row and,
// where given, what else names the row (a draft's uid, a history row's
// field), so a value copied to another row or column does not open.
func rowAD(column string, id int64, more ...string) []byte {
	ad := "tiepsuc/" + column + "/" + strconv.FormatInt(id, 10)
	for _, m := range more {
		ad += "/" + m
	}
	return []byte(ad)
}

// seal encrypts plain for the row that ad names.
func (k *dataKeys) seal(plain, ad []byte) []byte {
	return k.box.Seal(plain, ad)
}

// open decrypts a value sealed for the row that ad names.
func (k *dataKeys) open(sealed, ad []byte) ([]byte, error) {
	plain, err := k.box.Open(sealed, ad)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", ad, ErrTampered, err)
	}
	return plain, nil
}

// sealText seals a short text for a row; an empty text is kept as NULL.
func (k *dataKeys) sealText(text string, ad []byte) []byte {
	if text == "" {
		return nil
	}
	return k.seal([]byte(text), ad)
}

// openText opens a value of sealText; NULL is the empty text.
func (k *dataKeys) openText(sealed, ad []byte) (string, error) {
	if sealed == nil {
		return "", nil
	}
	plain, err := k.open(sealed, ad)
	return string(plain), err
}

// sealFields seals a draft's fields for its row, named by id and uid.
func (k *dataKeys) sealFields(id int64, uid string, fields map[string]string) ([]byte, error) {
	js, err := json.Marshal(fields)
	if err != nil {
		return nil, err
	}
	return k.seal(js, rowAD(colDraftFields, id, uid)), nil
}

// openFields opens a draft's fields; NULL is a draft without fields yet.
func (k *dataKeys) openFields(id int64, uid string, sealed []byte) (map[string]string,
	error) {
	fields := map[string]string{}
	if sealed == nil {
		return fields, nil
	}
	js, err := k.open(sealed, rowAD(colDraftFields, id, uid))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(js, &fields); err != nil {
		return nil, err
	}
	if fields == nil {
		fields = map[string]string{}
	}
	return fields, nil
}

// nextID returns the id the next row of table gets, inside the write
// transaction that inserts it, so that its values can be sealed for it.
func nextID(ctx context.Context, tx *sql.Tx, table string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) + 1 FROM "+table).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("next %s id: %w", table, err)
	}
	return id, nil
}
