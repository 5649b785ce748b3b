package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a copy of the database, consistent as of one moment, to
// dst, a new file readable by its owner only; an existing file is never
// replaced (an error matching fs.ErrExist). The copy keeps the citizens'
// details encrypted: it opens only with this desk's data key (see
// WithKeyDir), so a backup that leaves the desk gives nothing away, and a
// backup is no use once the key is lost.
func (s *Store) Backup(ctx context.Context, dst string) error {
	abs, err := filepath.Abs(dst)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if abs == s.path {
		return fmt.Errorf("backup onto the database itself: %w", ErrInvalid)
	}
	if _, err := os.Lstat(abs); err == nil {
		return fmt.Errorf("backup: %s: %w", abs, os.ErrExist)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// VACUUM INTO writes into an empty file it is given, keeping its mode.
	tmp, err := os.CreateTemp(filepath.Dir(abs), ".backup-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("backup: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", tmp.Name()); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(tmp.Name()); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// A hard link fails when dst appeared meanwhile, where a rename would
	// replace it.
	if err := os.Link(tmp.Name(), abs); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	syncDir(filepath.Dir(abs))
	s.log.Info("backup written", "op", "backup")
	return nil
}

// syncFile flushes a written file to disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
