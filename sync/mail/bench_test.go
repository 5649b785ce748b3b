package mail

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// statusMail is one made-up kind of status mail; %s is the dossier code.
type statusMail struct {
	subject, body string
	encode        func(body string) (headers string, encoded []byte)
}

var statusKinds = []statusMail{
	{"Thông báo tiếp nhận hồ sơ trực tuyến %s",
		"Kính gửi Ông/Bà,\nHồ sơ %s đã được tiếp nhận.\n" +
			"Ngày hẹn trả kết quả: 30/08/2025\n",
		qpBody},
	{"Yêu cầu bổ sung hồ sơ với mã %s",
		"Hồ sơ %s cần bổ sung bản chụp giấy khai sinh.\n" +
			"Bộ phận tiếp nhận và trả kết quả.\n",
		b64Body},
	{"Thông báo hồ sơ",
		"<html><body><p>M&atilde; h&#7891; s&#417;: <b>%s</b></p>" +
			"<p>&#272;&atilde; c&oacute; k&#7871;t qu&#7843;</p></body></html>", htmlBody},
	{"Thông báo trả kết quả giải quyết hồ sơ",
		"Hồ sơ %s đã có kết quả.\nLệ phí: đã thanh toán.\n", cp1258Body},
	{"Fwd: hồ sơ",
		"Nhờ xem giúp ạ\n---------- Forwarded message ---------\nFrom: Một cửa <a@b.vn>\n" +
			"Subject: Hồ sơ mã số %s đã thanh toán thành công\n\n" +
			"Số tiền 15.000 đồng.\n", qpBody},
}

func qpBody(body string) (string, []byte) {
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(body))
	w.Close()
	return "Content-Type: text/plain; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n", b.Bytes()
}

func b64Body(body string) (string, []byte) {
	return "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n",
		[]byte(base64.StdEncoding.EncodeToString([]byte(body)))
}

func htmlBody(body string) (string, []byte) {
	h, b := qpBody(body)
	return "Content-Type: text/html; charset=utf-8\r\n" + h[len("Content-Type: text/plain; "+
		"charset=utf-8\r\n"):], b
}

func cp1258Body(body string) (string, []byte) {
	b, err := charmap.Windows1258.NewEncoder().Bytes([]byte(toneMarksApart(body)))
	if err != nil {
		b = nil // TestStatusMailsParse then fails on this kind
	}
	return "Content-Type: text/plain; charset=windows-1258\r\n" +
		"Content-Transfer-Encoding: 8bit\r\n", b
}

// toneMarksApart writes each letter as windows-1258 holds it: the base
// letter with its shape mark (â, ơ, ư…) as one character and the tone mark
// after it as a combining character.
func toneMarksApart(s string) string {
	var out []rune
	for _, r := range s {
		var tones []rune
		var base []rune
		for _, d := range norm.NFD.String(string(r)) {
			switch d {
			case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
				tones = append(tones, d)
			default:
				base = append(base, d)
			}
		}
		out = append(out, []rune(norm.NFC.String(string(base)))...)
		out = append(out, tones...)
	}
	return string(out)
}

// statusMails makes n status mails of the kinds above, each with its own
// dossier code, and returns them with the codes.
func statusMails(n int) ([][]byte, []string) {
	mails := make([][]byte, n)
	codes := make([]string, n)
	for i := range n {
		k := statusKinds[i%len(statusKinds)]
		codes[i] = fmt.Sprintf("000.00.%02d.H19-2508%02d-%04d", i%90, 1+i%28, i)
		subject := k.subject
		if bytes.Contains([]byte(subject), []byte("%s")) {
			subject = fmt.Sprintf(subject, codes[i])
		}
		headers, body := k.encode(fmt.Sprintf(k.body, codes[i]))
		mails[i] = fmt.Appendf(nil, "From: =?utf-8?q?M=E1=BB=99t_c=E1=BB=ADa?= "+
			"<no-reply@motcua.example.vn>\r\nTo: <tiepsuc@example.vn>\r\nSubject: %s\r\n"+
			"Date: Mon, 25 Aug 2025 09:00:00 +0700\r\nMessage-ID: <m%d@motcua.example.vn>\r\n"+
			"MIME-Version: 1.0\r\n%s\r\n%s\r\n",
			mime.BEncoding.Encode("utf-8", subject), i, headers, body)
	}
	return mails, codes
}

func TestStatusMailsParse(t *testing.T) {
	mails, codes := statusMails(len(statusKinds))
	for i, raw := range mails {
		m, err := Parse(raw)
		if err != nil || len(m.Findings) != 1 || m.Findings[0].Code != codes[i] ||
			m.Findings[0].Status == StatusUnknown && m.Findings[0].Payment == PaymentUnknown {
			t.Fatalf("mail %d: %v %+v", i, err, m.Findings)
		}
	}
}

// BenchmarkParse10000 parses 10,000 status mails of five kinds per loop.
func BenchmarkParse10000(b *testing.B) {
	mails, _ := statusMails(10000)
	b.ReportAllocs()
	for b.Loop() {
		for _, raw := range mails {
			if m, _ := Parse(raw); len(m.Findings) != 1 {
				b.Fatalf("expected one finding, got %+v", m.Findings)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(mails))/b.Elapsed().Seconds(), "mails/s")
}

// BenchmarkPollAndRecord2000 fetches 2,000 mails from the test Dovecot and
// records their statuses per loop.
func BenchmarkPollAndRecord2000(b *testing.B) {
	c := testClient(b)
	box := newMailbox(b, c)
	mails, codes := statusMails(2000)
	for _, raw := range mails {
		appendMail(b, c, box, raw)
	}
	w := testWatcher(box)
	w.MaxMails = len(mails)
	ctx := context.Background()
	for b.Loop() {
		rec := newMemRecorder(codes...)
		_, got, err := w.Poll(ctx, State{})
		if err != nil || len(got) != len(mails) {
			b.Fatalf("poll: %v, %d mails", err, len(got))
		}
		res, err := Process(ctx, rec, got)
		if err != nil || res.Recorded != len(mails) {
			b.Fatalf("process: %v, %+v", err, res)
		}
	}
	b.ReportMetric(float64(b.N*len(mails))/b.Elapsed().Seconds(), "mails/s")
}
