package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"slices"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"
)

// Security says how the connection to the mail server is protected.
type Security int

// The ways to connect to the mail server.
const (
	// TLS connects with TLS from the start, usually on port 993.
	TLS Security = iota
	// STARTTLS connects in plain text and switches to TLS before logging in,
	// usually on port 143; a server that cannot switch is refused.
	STARTTLS
	// Plain sends the password unprotected and is allowed only to a server
	// on this machine (127.0.0.1, ::1 or localhost), for tests.
	Plain
)

// Defaults for the Watcher's limits.
const (
	DefaultBatchSize = 50
	DefaultMaxMails  = 500
	DefaultMaxSize   = 5 << 20
	DefaultTimeout   = time.Minute
)

// State is how far a Watcher has read a mailbox; the caller persists it and
// passes it to the next Poll.
type State struct {
	// UIDValidity is the mailbox's UIDVALIDITY when LastUID was read.
	UIDValidity uint32
	// LastUID is the highest UID already fetched.
	LastUID uint32
}

// Fetched is one mail fetched from the server.
type Fetched struct {
	// Ref names the mail on the server.
	Ref MailRef
	// Size is the mail's full size on the server, in bytes.
	Size uint32
	// Raw is the mail, or for a mail over MaxSize its header and text parts.
	Raw []byte
	// Partial is true when attachments were left on the server.
	Partial bool
	// Problem says why the text of a big mail could not be fetched, or is nil.
	Problem error
}

// Watcher reads new mails from one IMAP mailbox without changing it: the
// mailbox is opened read-only and bodies are fetched with BODY.PEEK, so no
// mail is deleted or flagged unless MarkSeen is set.
type Watcher struct {
	// Addr is the server's host:port.
	Addr string
	// Username and Password log in to the mailbox.
	Username, Password string
	// Mailbox is the folder to read; INBOX when empty.
	Mailbox string
	// Security is how the connection is protected; TLS when not set.
	Security Security
	// TLSConfig, when set, is used for TLS and STARTTLS (for a private CA).
	TLSConfig *tls.Config
	// BatchSize is how many mails one FETCH asks for; DefaultBatchSize when zero.
	BatchSize int
	// MaxMails is how many new mails one Poll fetches at most; the next Poll
	// goes on from there. DefaultMaxMails when zero.
	MaxMails int
	// MaxSize is the size above which only the header and the text parts of
	// a mail are fetched; DefaultMaxSize when zero.
	MaxSize uint32
	// MarkSeen, when true, opens the mailbox read-write and sets \Seen on
	// every mail fetched. Off by default.
	MarkSeen bool
	// Timeout bounds each IMAP command; DefaultTimeout when zero.
	Timeout time.Duration
}

// Poll fetches the mails that arrived since state, at most MaxMails of them,
// and returns the state to pass next time. When the mailbox's UIDVALIDITY
// has changed it starts again from the first mail; the Recorder's
// deduplication keeps statuses from being recorded twice. On an error it
// returns the mails fetched so far and the state that covers them.
func (w *Watcher) Poll(ctx context.Context, state State) (State, []Fetched, error) {
	c, stop, err := w.connect(ctx)
	if err != nil {
		return state, nil, err
	}
	defer stop()

	mailbox := w.Mailbox
	if mailbox == "" {
		mailbox = "INBOX"
	}
	status, err := c.Select(mailbox, !w.MarkSeen)
	if err != nil {
		return state, nil, ctxErr(ctx, fmt.Errorf("open mailbox %q: %w", mailbox, err))
	}
	if status.UidValidity != state.UIDValidity {
		if state.UIDValidity != 0 {
			slog.Info("mailbox renumbered, reading it again", "op", "mail.poll",
				"mailbox", mailbox, "uidvalidity", status.UidValidity)
		}
		state = State{UIDValidity: status.UidValidity}
	}
	if status.Messages == 0 {
		return state, nil, nil
	}

	uids, err := w.newUIDs(c, state.LastUID)
	if err != nil {
		return state, nil, ctxErr(ctx, err)
	}
	var mails []Fetched
	for batch := range slices.Chunk(uids, positive(w.BatchSize, DefaultBatchSize)) {
		got, err := w.fetchBatch(c, batch, state.UIDValidity)
		if err != nil {
			return state, mails, ctxErr(ctx, err)
		}
		if w.MarkSeen {
			if err := markSeen(c, batch); err != nil {
				return state, mails, ctxErr(ctx, err)
			}
		}
		mails = append(mails, got...)
		state.LastUID = batch[len(batch)-1]
	}
	slog.Info("mailbox read", "op", "mail.poll", "mailbox", mailbox, "new", len(mails),
		"last_uid", state.LastUID)
	return state, mails, nil
}

// newUIDs lists the UIDs above last, oldest first, at most MaxMails.
func (w *Watcher) newUIDs(c *client.Client, last uint32) ([]uint32, error) {
	if last == math.MaxUint32 {
		return nil, nil
	}
	set := new(imap.SeqSet)
	set.AddRange(last+1, 0)
	uids, err := c.UidSearch(&imap.SearchCriteria{Uid: set})
	if err != nil {
		return nil, fmt.Errorf("search new mails: %w", err)
	}
	// "n:*" always includes the highest UID, even when it is below n.
	uids = slices.DeleteFunc(uids, func(u uint32) bool { return u <= last })
	slices.Sort(uids)
	if limit := positive(w.MaxMails, DefaultMaxMails); len(uids) > limit {
		uids = uids[:limit]
	}
	return uids, nil
}

// connect dials, protects and logs in; stop logs out and closes.
func (w *Watcher) connect(ctx context.Context) (*client.Client, func(), error) {
	host, port, err := net.SplitHostPort(w.Addr)
	if err != nil {
		return nil, nil, fmt.Errorf("mail server address %q: %w", w.Addr, err)
	}
	addr := w.Addr
	if w.Security == Plain {
		if !loopback(host) {
			return nil, nil, fmt.Errorf("plain login to %s refused: without TLS the "+
				"password would cross the network; use TLS or STARTTLS (plain is only "+
				"for a test server on 127.0.0.1, ::1 or localhost)", host)
		}
		if host == "localhost" {
			addr = net.JoinHostPort("127.0.0.1", port)
		}
	}

	timeout := positiveDuration(w.Timeout, DefaultTimeout)
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("connect to mail server: %w", err)
	}
	cfg := w.tlsConfig(host)
	if w.Security == TLS {
		tc := tls.Client(conn, cfg)
		hctx, cancel := context.WithTimeout(ctx, timeout)
		err := tc.HandshakeContext(hctx)
		cancel()
		if err != nil {
			conn.Close()
			return nil, nil, fmt.Errorf("tls with mail server: %w", err)
		}
		conn = tc
	}
	// The IMAP client has no context: closing the connection ends a command.
	after := context.AfterFunc(ctx, func() { conn.Close() })
	c, err := w.login(conn, cfg)
	if err != nil {
		after()
		conn.Close()
		return nil, nil, ctxErr(ctx, err)
	}
	stop := func() {
		after()
		if err := c.Logout(); err != nil && !errors.Is(err, client.ErrAlreadyLoggedOut) {
			slog.Debug("mail logout", "op", "mail.poll", "err", err)
		}
		conn.Close()
	}
	return c, stop, nil
}

func (w *Watcher) login(conn net.Conn, cfg *tls.Config) (*client.Client, error) {
	conn.SetDeadline(time.Now().Add(positiveDuration(w.Timeout, DefaultTimeout)))
	c, err := client.New(conn)
	if err != nil {
		return nil, fmt.Errorf("greeting from mail server: %w", err)
	}
	conn.SetDeadline(time.Time{})
	c.ErrorLog = quietLog{}
	c.Timeout = positiveDuration(w.Timeout, DefaultTimeout)
	if w.Security == STARTTLS {
		ok, err := c.SupportStartTLS()
		if err != nil {
			return nil, fmt.Errorf("ask for starttls: %w", err)
		}
		if !ok {
			return nil, errors.New("mail server does not offer STARTTLS: refusing to log in " +
				"without TLS")
		}
		if err := c.StartTLS(cfg); err != nil {
			return nil, fmt.Errorf("starttls: %w", err)
		}
	}
	if err := c.Login(w.Username, w.Password); err != nil {
		return nil, fmt.Errorf("log in to mailbox: %w", err)
	}
	return c, nil
}

func (w *Watcher) tlsConfig(host string) *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if w.TLSConfig != nil {
		cfg = w.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	return cfg
}

// loopback reports whether host names this machine, as written.
func loopback(host string) bool {
	return host == "127.0.0.1" || host == "::1" || host == "localhost"
}

func markSeen(c *client.Client, uids []uint32) error {
	set := new(imap.SeqSet)
	set.AddNum(uids...)
	item := imap.FormatFlagsOp(imap.AddFlags, true)
	if err := c.UidStore(set, item, []interface{}{imap.SeenFlag}, nil); err != nil {
		return fmt.Errorf("mark mails seen: %w", err)
	}
	return nil
}

// ctxErr prefers the context's error, which says why a connection closed.
func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%w)", ctx.Err(), err)
	}
	return err
}

func positive(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

func positiveDuration(v, def time.Duration) time.Duration {
	if v > 0 {
		return v
	}
	return def
}

// quietLog takes the IMAP client's error lines, which can quote a mail,
// and logs only that there was one.
type quietLog struct{}

func (quietLog) Printf(string, ...interface{}) { quietLog{}.Println() }

func (quietLog) Println(...interface{}) {
	slog.Debug("imap client reported an error", "op", "mail.imap")
}

// readLiteral reads a fetched body section, or nothing when the server
// sent none.
func readLiteral(l imap.Literal) []byte {
	if l == nil {
		return nil
	}
	b, _ := io.ReadAll(l)
	return b
}
