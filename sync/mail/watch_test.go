package mail

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testClient logs in to the test server the way a mail client would, to
// put mails in and to look at their flags.
func testClient(t testing.TB) *client.Client {
	t.Helper()
	needDovecot(t)
	c, err := client.Dial(dovecot.srv.Addr)
	require.NoError(t, err)
	require.NoError(t, c.Login(testUser, testPassword))
	t.Cleanup(func() { c.Logout() })
	return c
}

// newMailbox creates an empty mailbox with a name unique to the test.
func newMailbox(t testing.TB, c *client.Client) string {
	t.Helper()
	name := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()) +
		fmt.Sprint(time.Now().UnixNano())
	require.NoError(t, c.Create(name))
	return name
}

func appendMail(t testing.TB, c *client.Client, mailbox string, raw []byte) {
	t.Helper()
	require.NoError(t, c.Append(mailbox, nil, time.Now(), bytes.NewBuffer(raw)))
}

// flags returns the flags of every mail in a mailbox, by UID.
func flags(t testing.TB, c *client.Client, mailbox string) map[uint32][]string {
	t.Helper()
	_, err := c.Select(mailbox, true)
	require.NoError(t, err)
	set := new(imap.SeqSet)
	set.AddRange(1, 0)
	ch := make(chan *imap.Message, 16)
	done := make(chan error, 1)
	go func() { done <- c.UidFetch(set, []imap.FetchItem{imap.FetchUid, imap.FetchFlags}, ch) }()
	out := map[uint32][]string{}
	for m := range ch {
		out[m.Uid] = m.Flags
	}
	require.NoError(t, <-done)
	return out
}

func testWatcher(mailbox string) *Watcher {
	return &Watcher{Addr: dovecot.srv.Addr, Username: testUser, Password: testPassword,
		Mailbox: mailbox, Security: Plain, Timeout: 30 * time.Second}
}

// crlf turns the line ends of a fixture into CRLF, as IMAP stores them.
func crlf(raw []byte) []byte {
	return bytes.ReplaceAll(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")),
		[]byte("\n"), []byte("\r\n"))
}

func TestPollNewMailsSinceLastUID(t *testing.T) {
	c := testClient(t)
	box := newMailbox(t, c)
	files := []string{"accepted-split-subject-qp.eml", "supplement-lowercase-b64.eml",
		"rejected-q-split.eml"}
	for _, f := range files {
		appendMail(t, c, box, fixture(t, f))
	}
	w := testWatcher(box)
	w.BatchSize = 2
	ctx := context.Background()

	state, mails, err := w.Poll(ctx, State{})
	require.NoError(t, err)
	require.Len(t, mails, 3)
	assert.NotZero(t, state.UIDValidity)
	assert.Equal(t, uint32(3), state.LastUID)
	for i, m := range mails {
		assert.Equal(t, uint32(i+1), m.Ref.UID)
		assert.Equal(t, state.UIDValidity, m.Ref.UIDValidity)
		assert.Equal(t, crlf(fixture(t, files[i])), m.Raw, files[i])
		assert.False(t, m.Partial)
	}
	assert.Equal(t, "20250725091403.0012@motcua.example.vn", mails[0].Ref.MessageID)

	appendMail(t, c, box, fixture(t, "digest.eml"))
	appendMail(t, c, box, fixture(t, "no-code.eml"))
	state2, mails, err := w.Poll(ctx, state)
	require.NoError(t, err)
	require.Len(t, mails, 2, "only the mails that came after the last poll")
	assert.Equal(t, []uint32{4, 5}, []uint32{mails[0].Ref.UID, mails[1].Ref.UID})
	assert.Equal(t, uint32(5), state2.LastUID)

	state3, mails, err := w.Poll(ctx, state2)
	require.NoError(t, err)
	assert.Empty(t, mails)
	assert.Equal(t, state2, state3)

	for uid, fl := range flags(t, c, box) {
		assert.NotContains(t, fl, imap.SeenFlag, "mail %d must stay unread", uid)
		assert.NotContains(t, fl, imap.DeletedFlag, "mail %d must stay", uid)
	}
}

func TestPollMaxMailsGoesOnNextTime(t *testing.T) {
	c := testClient(t)
	box := newMailbox(t, c)
	for range 5 {
		appendMail(t, c, box, fixture(t, "digest.eml"))
	}
	w := testWatcher(box)
	w.MaxMails = 3
	state, mails, err := w.Poll(context.Background(), State{})
	require.NoError(t, err)
	assert.Len(t, mails, 3)
	state, mails, err = w.Poll(context.Background(), state)
	require.NoError(t, err)
	assert.Len(t, mails, 2)
	assert.Equal(t, uint32(5), state.LastUID)
}

func TestPollUIDValidityChange(t *testing.T) {
	c := testClient(t)
	box := newMailbox(t, c)
	appendMail(t, c, box, fixture(t, "digest.eml"))
	appendMail(t, c, box, fixture(t, "no-code.eml"))
	w := testWatcher(box)
	state, _, err := w.Poll(context.Background(), State{})
	require.NoError(t, err)
	require.Equal(t, uint32(2), state.LastUID)

	// The mailbox is rebuilt, as after a server move: UIDs start again.
	require.NoError(t, c.Delete(box))
	require.NoError(t, c.Create(box))
	appendMail(t, c, box, fixture(t, "rejected-q-split.eml"))

	next, mails, err := w.Poll(context.Background(), state)
	require.NoError(t, err)
	assert.NotEqual(t, state.UIDValidity, next.UIDValidity)
	require.Len(t, mails, 1, "UID 1 of the new mailbox is below the old last UID")
	assert.Equal(t, uint32(1), mails[0].Ref.UID)
	assert.Equal(t, next.UIDValidity, mails[0].Ref.UIDValidity)
	assert.Equal(t, "tc-0107@motcua.example.vn", mails[0].Ref.MessageID)
}

func TestPollBigMailFetchesTextOnly(t *testing.T) {
	c := testClient(t)
	box := newMailbox(t, c)
	appendMail(t, c, box, fixture(t, "large-attachment.eml"))
	appendMail(t, c, box, fixture(t, "digest.eml"))

	_, mails, err := testWatcher(box).Poll(context.Background(), State{})
	require.NoError(t, err)
	require.Len(t, mails, 2, "the big mail does not stop the next one")
	big := mails[0]
	assert.True(t, big.Partial)
	assert.Greater(t, big.Size, uint32(attachmentSize))
	assert.Less(t, len(big.Raw), 64<<10, "the attachment stays on the server")
	m, err := Parse(big.Raw)
	require.NoError(t, err)
	assert.Equal(t, []Finding{{"000.00.00.H19-250818-0999", StatusReturned, 0, WhereSubject}},
		m.Findings)
	assert.Contains(t, m.Text, "gửi kèm thư này")
	assert.False(t, mails[1].Partial)
}

// TestPartialFetchReadsLikeWhole fetches every fixture through BODYSTRUCTURE
// and checks that the rebuilt mail says what the whole one says.
func TestPartialFetchReadsLikeWhole(t *testing.T) {
	c := testClient(t)
	box := newMailbox(t, c)
	files := []string{"accepted-split-subject-qp.eml", "supplement-lowercase-b64.eml",
		"rejected-q-split.eml", "result-html-only.eml", "returned-cp1258-nfd.eml",
		"forwarded-rfc822.eml", "forwarded-inline.eml", "wrong-charset-label.eml",
		"missing-subject-sms.eml", "no-code.eml", "digest.eml", "broken-mime.eml"}
	for _, f := range files {
		appendMail(t, c, box, fixture(t, f))
	}
	w := testWatcher(box)
	w.MaxSize = 1
	_, mails, err := w.Poll(context.Background(), State{})
	require.NoError(t, err)
	require.Len(t, mails, len(files))
	for i, f := range files {
		t.Run(f, func(t *testing.T) {
			assert.True(t, mails[i].Partial)
			whole, _ := Parse(fixture(t, f))
			part, _ := Parse(mails[i].Raw)
			assert.Equal(t, whole.Subject, part.Subject)
			assert.Equal(t, whole.Findings, part.Findings)
			assert.Equal(t, whole.Forwarded, part.Forwarded)
		})
	}
}

func TestPollOverTLS(t *testing.T) {
	needDovecot(t)
	c := testClient(t)
	box := newMailbox(t, c)
	appendMail(t, c, box, fixture(t, "digest.eml"))
	cases := []struct {
		name     string
		security Security
		addr     string
	}{
		{"STARTTLS", STARTTLS, dovecot.srv.Addr},
		{"TLS", TLS, dovecot.srv.TLSAddr},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := testWatcher(box)
			w.Security, w.Addr, w.TLSConfig = tc.security, tc.addr, dovecot.srv.TLS
			_, mails, err := w.Poll(context.Background(), State{})
			require.NoError(t, err)
			assert.Len(t, mails, 1)

			// Without trusting the test certificate the watcher refuses the server.
			w.TLSConfig = nil
			_, _, err = w.Poll(context.Background(), State{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "certificate")
		})
	}
}

func TestPlainLoginRefusedOffLoopback(t *testing.T) {
	// The context is already cancelled: were the check missing, the dial
	// would fail at once without sending anything.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, addr := range []string{"192.0.2.10:143", "mail.example.vn:143", "[2001:db8::1]:143",
		"127.0.0.2:143", "0.0.0.0:143"} {
		t.Run(addr, func(t *testing.T) {
			w := &Watcher{Addr: addr, Username: "u", Password: "p", Security: Plain}
			_, _, err := w.Poll(ctx, State{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "plain login to")
			assert.Contains(t, err.Error(), "use TLS or STARTTLS")
		})
	}
}

func TestPlainLoginOnLocalhost(t *testing.T) {
	c := testClient(t)
	box := newMailbox(t, c)
	appendMail(t, c, box, fixture(t, "digest.eml"))
	w := testWatcher(box)
	w.Addr = strings.Replace(dovecot.srv.Addr, "127.0.0.1", "localhost", 1)
	_, mails, err := w.Poll(context.Background(), State{})
	require.NoError(t, err)
	assert.Len(t, mails, 1)
}

func TestMarkSeenOnlyWhenAsked(t *testing.T) {
	c := testClient(t)
	box := newMailbox(t, c)
	appendMail(t, c, box, fixture(t, "digest.eml"))
	w := testWatcher(box)
	w.MarkSeen = true
	_, mails, err := w.Poll(context.Background(), State{})
	require.NoError(t, err)
	require.Len(t, mails, 1)
	assert.Contains(t, flags(t, c, box)[1], imap.SeenFlag)
}

func TestPollWrongPassword(t *testing.T) {
	needDovecot(t)
	w := testWatcher("INBOX")
	w.Password = "wrong"
	_, _, err := w.Poll(context.Background(), State{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "log in to mailbox")
}
