package mail

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"
)

// attachmentSize is the size of the file attached to large-attachment.eml.
const attachmentSize = 10 << 20

// fixture reads a test mail; the marked line of large-attachment.eml is
// filled with a 10 MB base64 attachment, kept out of the repository.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	if !bytes.Contains(raw, []byte("@@ATTACHMENT@@")) {
		return raw
	}
	return bytes.Replace(raw, []byte("@@ATTACHMENT@@"), bigAttachment(), 1)
}

func bigAttachment() []byte {
	data := bytes.Repeat([]byte("%PDF-1.7 ket qua giai quyet ho so\n"), attachmentSize/34+1)
	enc := base64.StdEncoding.EncodeToString(data[:attachmentSize])
	var b bytes.Buffer
	for len(enc) > 76 {
		b.WriteString(enc[:76])
		b.WriteString("\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc)
	return b.Bytes()
}

func TestParseFixtures(t *testing.T) {
	cases := []struct {
		file      string
		subject   string
		from      string
		forwarded bool
		broken    bool
		want      []Finding
		text      []string // the system's text holds these
		notText   []string // and not these
	}{
		{
			file:    "accepted-split-subject-qp.eml",
			subject: "Thông báo tiếp nhận hồ sơ trực tuyến 000.00.00.H19-250725-0012",
			from:    "no-reply@motcua.example.vn",
			want:    []Finding{{"000.00.00.H19-250725-0012", StatusAccepted, 0, WhereSubject}},
			text:    []string{"đã được tiếp nhận", "Ngày hẹn trả kết quả: 30/07/2025"},
		},
		{
			file:    "supplement-lowercase-b64.eml",
			subject: "Yêu cầu bổ sung hồ sơ với mã 000.17.22.H19-250801-0003",
			want:    []Finding{{"000.17.22.H19-250801-0003", StatusSupplement, 0, WhereSubject}},
			text:    []string{"Bản chụp rõ nét"},
		},
		{
			file:    "rejected-q-split.eml",
			subject: "Thông báo từ chối tiếp nhận hồ sơ",
			want:    []Finding{{"000.00.12.H19-250802-0107", StatusRejected, 0, WhereBody}},
			text:    []string{"ảnh chụp giấy tờ bị mờ"},
		},
		{
			file:    "result-html-only.eml",
			subject: "Thông báo hồ sơ",
			want:    []Finding{{"000.00.00.H19-250728-0456", StatusDone, 0, WhereBody}},
			text: []string{"Mã hồ sơ: 000.00.00.H19-250728-0456", "Đã có kết quả",
				"Lê Văn Cường"},
			notText: []string{"<td>", "&#", "padding", "250728-8888"},
		},
		{
			file:    "returned-cp1258-nfd.eml",
			subject: "Thông báo trả kết quả giải quyết hồ sơ",
			want: []Finding{
				{"000.00.00.H19-250720-0031", StatusReturned, PaymentPaid, WhereBody},
			},
			text: []string{"Hồ sơ 000.00.00.H19-250720-0031 đã có kết quả."},
		},
		{
			file:      "forwarded-rfc822.eml",
			subject:   "Fwd: nhờ xem giúp hồ sơ",
			from:      "nguoidan@example.vn",
			forwarded: true,
			want: []Finding{
				{"000.00.05.H19-250810-0222", StatusSupplement, 0, WhereForwardedSubject},
			},
			text:    []string{"cần bổ sung giấy khai sinh"},
			notText: []string{"từ chối", "Tôi đã thanh toán"},
		},
		{
			file:      "forwarded-inline.eml",
			subject:   "Fwd: Hồ sơ mã số",
			forwarded: true,
			want: []Finding{
				{"G12.18-250814-00037623", StatusProcessing, PaymentPaid, WhereForwardedSubject},
			},
			text:    []string{"50.000 đồng"},
			notText: []string{"từ chối", "Forwarded message"},
		},
		{
			file:    "wrong-charset-label.eml",
			subject: "Thông báo hồ sơ 000.00.00.H19-250815-0077",
			want:    []Finding{{"000.00.00.H19-250815-0077", StatusDone, 0, WhereSubject}},
			text:    []string{"đã xử lý xong"},
		},
		{
			file: "missing-subject-sms.eml",
			want: []Finding{
				{"000.00.31.H19-250812-0044", StatusAccepted, PaymentPending, WhereBody},
			},
		},
		{
			file:   "broken-mime.eml",
			broken: true,
			want:   []Finding{{"000.00.00.H19-250816-0101", StatusReturned, 0, WhereBody}},
		},
		{
			file:    "large-attachment.eml",
			subject: "Thông báo trả kết quả giải quyết hồ sơ 000.00.00.H19-250818-0999",
			want:    []Finding{{"000.00.00.H19-250818-0999", StatusReturned, 0, WhereSubject}},
			notText: []string{"JVBERi"},
		},
		{
			file:    "no-code.eml",
			subject: "Thông báo lịch làm việc dịp lễ",
			want:    []Finding{},
		},
		{
			file:    "digest.eml",
			subject: "Tổng hợp tình trạng hồ sơ ngày 21/08/2025",
			want: []Finding{
				{"000.00.00.H19-250821-0001", StatusAccepted, 0, WhereBody},
				{"000.00.00.H19-250821-0002", StatusSupplement, 0, WhereBody},
				{"000.00.00.H19-250819-0017", StatusReturned, PaymentPending, WhereBody},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			m, err := Parse(fixture(t, c.file))
			if c.broken {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}
			if c.subject != "" {
				assert.Equal(t, c.subject, m.Subject)
			}
			if c.from != "" {
				assert.Equal(t, c.from, m.From)
			}
			assert.Equal(t, c.forwarded, m.Forwarded)
			assert.ElementsMatch(t, c.want, m.Findings)
			assert.True(t, utf8.ValidString(m.Text))
			assert.True(t, norm.NFC.IsNormalString(m.Text), "text is NFC")
			for _, s := range c.text {
				assert.Contains(t, m.Text, s)
			}
			for _, s := range c.notText {
				assert.NotContains(t, m.Text, s)
			}
		})
	}
}

func TestParseHeaderFields(t *testing.T) {
	m, err := Parse(fixture(t, "accepted-split-subject-qp.eml"))
	require.NoError(t, err)
	assert.Equal(t, "20250725091403.0012@motcua.example.vn", m.MessageID)
	assert.Equal(t, "2025-07-25T09:14:03+07:00", m.Date.Format("2006-01-02T15:04:05Z07:00"))
	assert.Equal(t, m.Subject, m.SystemSubject)

	m, err = Parse(fixture(t, "forwarded-inline.eml"))
	require.NoError(t, err)
	assert.Equal(t, "Hồ sơ mã số G12.18-250814-00037623 đã thanh toán thành công",
		m.SystemSubject)
}

func TestParseOddInput(t *testing.T) {
	cases := []struct {
		name string
		raw  string
		want []Finding
	}{
		{"empty", "", []Finding{}},
		{"no header at all", "Ho so 000.00.00.H19-250725-0001 da tra ket qua\n",
			[]Finding{{"000.00.00.H19-250725-0001", StatusReturned, 0, WhereBody}}},
		{"bare LF and latin-1 label on UTF-8",
			"Subject: =?ISO-8859-1?Q?H=E1=BB=93_s=C6=A1?= 000.00.00.H19-250725-0002\n" +
				"Content-Type: text/plain; charset=latin1\n\nĐã tiếp nhận\n",
			[]Finding{{"000.00.00.H19-250725-0002", StatusAccepted, 0, WhereSubject}}},
		{"utf-8 label on windows-1258 bytes",
			"Subject: x\nContent-Type: text/plain; charset=utf-8\n\n" +
				"000.00.00.H19-250725-0003 \xd0a\xde tra\xd2 k\xea\xect qua\xd2\n",
			[]Finding{{"000.00.00.H19-250725-0003", StatusReturned, 0, WhereBody}}},
		{"multipart without boundary",
			"Content-Type: multipart/mixed\n\n000.00.00.H19-250725-0004 tu choi\n",
			[]Finding{{"000.00.00.H19-250725-0004", StatusRejected, 0, WhereBody}}},
		{"damaged content type parameters",
			"Content-Type: text/html; charset=\"windows-1258\";; format\n\n" +
				"<p>000.00.00.H19-250725-0006 \xd0a\xde co\xec k\xea\xect qua\xd2</p>\n",
			[]Finding{{"000.00.00.H19-250725-0006", StatusDone, 0, WhereBody}}},
		{"content type without a subtype",
			"Content-Type: garbage\n\n000.00.00.H19-250725-0007 da tiep nhan\n",
			[]Finding{{"000.00.00.H19-250725-0007", StatusAccepted, 0, WhereBody}}},
		{"unknown transfer encoding",
			"Content-Transfer-Encoding: x-uue\n\n000.00.00.H19-250725-0005 hoan phi\n",
			[]Finding{{"000.00.00.H19-250725-0005", 0, PaymentRefunded, WhereBody}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := Parse([]byte(c.raw))
			assert.ElementsMatch(t, c.want, m.Findings)
			assert.True(t, utf8.ValidString(m.Text+m.Subject))
		})
	}
}

func TestDecodeHeader(t *testing.T) {
	cases := []struct{ in, want string }{
		{"=?utf-8?b?VGjDtG5n?=", "Thông"},
		{"=?UTF-8?B?VGjD?= =?UTF-8?B?tG5n?=", "Thông"},
		{"=?utf-8?q?Ti=E1=BA?=\r\n =?utf-8?q?=BFp_nh=E1=BA=ADn?=", "Tiếp nhận"},
		{"Fwd: =?utf-8?q?h=E1=BB=93_s=C6=A1?= cũ", "Fwd: hồ sơ cũ"},
		{"=?windows-1258?Q?Tha=CC_=F2?=", "Thà ̣"},
		{"=?x-unknown?Q?ok?=", "ok"},
		{"=?utf-8?B?broken", "=?utf-8?B?broken"},
		{strings.Repeat("=?utf-8?q?a?= ", 3), "aaa"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			assert.Equal(t, norm.NFC.String(c.want), decodeHeader(c.in))
		})
	}
}
