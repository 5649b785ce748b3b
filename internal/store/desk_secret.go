package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"

	"tiepsuc/internal/secret"
)

// SealSecret seals a secret of the desk, such as the mail password, under
// a key derived from the data key and bound to purpose, as printable text
// to keep in a setting.
func (s *Store) SealSecret(plain, purpose string) (string, error) {
	sealed, err := secret.Seal(s.keys.secrets, plain, purpose)
	if err != nil {
		return "", fmt.Errorf("seal secret: %w", err)
	}
	return sealed, nil
}

// OpenSecret opens text made by SealSecret with the same purpose. Text
// sealed before the data key, by secret.Seal under the older key file
// KeyFileName, opens too, so a secret kept then is not lost; seal it again
// with SealSecret to be rid of that file.
func (s *Store) OpenSecret(sealed, purpose string) (string, error) {
	plain, err := secret.Open(s.keys.secrets, sealed, purpose)
	if err == nil {
		return plain, nil
	}
	plain, legacyErr := openLegacy(filepath.Dir(s.path), sealed, purpose)
	if legacyErr != nil {
		return "", fmt.Errorf("open secret: %w", err)
	}
	return plain, nil
}

// openLegacy opens text sealed under the older key file in dir.
func openLegacy(dir, sealed, purpose string) (string, error) {
	key, err := secret.LoadKey(filepath.Join(dir, KeyFileName))
	if err != nil {
		return "", err
	}
	return secret.Open(key, sealed, purpose)
}

// resealHubToken seals the hub token again under the data key when it was
// sealed under the older key file. A token that opens under neither is
// left for Hub to report as ErrTokenUnreadable.
func resealHubToken(ctx context.Context, tx *sql.Tx, k *dataKeys, dir string) error {
	var sealed string
	err := tx.QueryRowContext(ctx, "SELECT token_sealed FROM hub WHERE id = 1").Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reseal hub token: %w", err)
	}
	if _, err := secret.Open(k.secrets, sealed, tokenPurpose); err == nil {
		return nil
	}
	token, err := openLegacy(dir, sealed, tokenPurpose)
	if err != nil {
		return nil //nolint:nilerr // lost with its key: the desk enrols again
	}
	again, err := secret.Seal(k.secrets, token, tokenPurpose)
	if err != nil {
		return fmt.Errorf("reseal hub token: %w", err)
	}
	_, err = tx.ExecContext(ctx, "UPDATE hub SET token_sealed = ? WHERE id = 1", again)
	if err != nil {
		return fmt.Errorf("reseal hub token: %w", err)
	}
	return nil
}
