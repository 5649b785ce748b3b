package mail

import (
	"os"
	"sync"
	"testing"

	"tiepsuc/sync/mail/mailtest"
)

// Test mailbox login of the test server.
const (
	testUser     = mailtest.User
	testPassword = mailtest.Password
)

// dovecot is the test IMAP server, started on first use and stopped by
// TestMain, so that tests without it (and fuzzing) start no server.
var dovecot struct {
	once sync.Once
	srv  *mailtest.Server
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if dovecot.srv != nil {
		dovecot.srv.Stop()
	}
	os.Exit(code)
}

// needDovecot starts the test server if it is not running yet, and fails
// the test, saying how to install it, when it cannot.
func needDovecot(t testing.TB) {
	t.Helper()
	dovecot.once.Do(func() { dovecot.srv, dovecot.err = mailtest.Start() })
	if dovecot.err != nil {
		t.Fatalf("the mail tests need a local Dovecot: %v", dovecot.err)
	}
}
