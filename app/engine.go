package app

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"tiepsuc/internal/store"
	"tiepsuc/sync/engine"
)

// startDelay is how long the engine waits after the desk opens.
const startDelay = 400 * time.Millisecond

// RunEngine returns an Options.Sync that runs the sync engine with cfg on
// the desk's store, watching the mailbox set up in Settings when there is
// one and installing guide packs into the store's folder unless cfg names
// another, until the returned stop function is called.
func RunEngine(cfg engine.Config) func(st *store.Store) (Syncer, func()) {
	return func(st *store.Store) (Syncer, func()) {
		ctx, cancel := context.WithCancel(context.Background())
		w, err := MailWatcher(ctx, st)
		if err != nil {
			slog.Error("mailbox settings unreadable", "op", "mail", "err", err)
		}
		run := cfg
		if run.DataDir == "" {
			// Guide packs from the hub go to the data folder, beside the store.
			run.DataDir = filepath.Dir(st.Path())
		}
		if w != nil {
			m := engine.MailConfig{}
			if cfg.Mail != nil {
				m = *cfg.Mail
			}
			m.Watcher = w
			run.Mail = &m
		}
		e := engine.New(st, run)
		done := make(chan struct{})
		go func() {
			defer close(done)
			// Let the first screen draw before the engine's first round
			// takes a core: the desk opens faster, and sync loses nothing.
			select {
			case <-time.After(startDelay):
			case <-ctx.Done():
				return
			}
			e.Run(ctx)
		}()
		return e, func() {
			cancel()
			<-done
		}
	}
}

// EnrolDesk is an Options.Enrol that joins the desk to a hub with the
// engine's enrolment.
func EnrolDesk(ctx context.Context, st *store.Store, hubURL, fingerprint, code string) error {
	_, err := engine.Enrol(ctx, st, hubURL, fingerprint, code)
	return err
}
