package mail

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/unicode/norm"
)

func TestFindCodes(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"province code", "Mã hồ sơ: 000.00.00.H49-250725-0001.",
			[]string{"000.00.00.H49-250725-0001"}},
		{"commune code", "hồ sơ 000.17.22.H56-210531-0001 đã",
			[]string{"000.17.22.H56-210531-0001"}},
		{"tax portal code", "(G12.18-260509-00037623)", []string{"G12.18-260509-00037623"}},
		{"lower case kept raw", "000.00.00.h49-250725-0001",
			[]string{"000.00.00.h49-250725-0001"}},
		{"two codes in order, once each",
			"000.00.00.H49-250725-0002, 000.00.00.H49-250725-0001 và 000.00.00.h49-250725-0002",
			[]string{"000.00.00.H49-250725-0002", "000.00.00.H49-250725-0001"}},
		{"procedure code", "Thủ tục 1.011442.000.00.00.H38 - Đăng ký khai sinh", nil},
		{"procedure code glued to a date", "1.011442.000.00.00.H38-250725-0001", nil},
		{"bare agency id", "Cơ quan: 000.00.00.H49.", nil},
		{"in a link", "https://dvc.example.vn/tra-cuu?ma=000.00.00.H49-250725-0001", nil},
		{"in a link without scheme", "www.example.vn/hs/000.00.00.H49-250725-0001", nil},
		{"URL parameter", "maHoSo=000.00.00.H49-250725-0001&x=1", nil},
		{"no month 13", "000.00.00.H49-251325-0001", nil},
		{"no day 0", "000.00.00.H49-250700-0001", nil},
		{"agency without a letter", "000.00.00.000-250725-0001", nil},
		{"glued on the left", "X000.00.00.H49-250725-0001", nil},
		{"sequence too long", "000.00.00.H49-250725-00012345678", nil},
		{"followed by more", "000.00.00.H49-250725-0001-2", nil},
		{"phone and dates", "Gọi 0251-1022 hoặc 18001096 trước 25/07/2025", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, FindCodes(c.text))
		})
	}
}

func TestStatusWords(t *testing.T) {
	const code = "000.00.00.H19-250725-0001"
	cases := []struct {
		text    string
		status  Status
		payment PaymentState
	}{
		{"Ông/bà đã nộp hồ sơ thành công, mã X", StatusNew, 0},
		{"Hồ sơ X đã được tiếp nhận", StatusAccepted, 0},
		{"HO SO X DA DUOC TIEP NHAN", StatusAccepted, 0},
		{"ho so X bi tu choi tiep nhan", StatusRejected, 0},
		{"Hồ sơ X không được tiếp nhận", StatusRejected, 0},
		{"Hồ sơ X đang được xử lý", StatusProcessing, 0},
		{"YÊU CẦU BỔ SUNG hồ sơ X", StatusSupplement, 0},
		{"X: yeu cau thuc hien nghia vu tai chinh", StatusFinancial, 0},
		{"Công dân yêu cầu rút hồ sơ X", StatusWithdrawn, 0},
		{"Dừng xử lý hồ sơ X", StatusStopped, 0},
		{"Hồ sơ X đã có kết quả", StatusDone, 0},
		{"Hồ sơ X đã xử lý xong", StatusDone, 0},
		{"Trả kết quả hồ sơ X", StatusReturned, 0},
		{"Hồ sơ X đã được tiếp nhận và đã có kết quả", StatusDone, 0},
		{"Hồ sơ X thanh toán thành công", 0, PaymentPaid},
		{"ho so X da thanh toan", 0, PaymentPaid},
		{"Hồ sơ X chưa thanh toán", 0, PaymentUnpaid},
		{"Hồ sơ X thanh toán không thành công", 0, PaymentUnpaid},
		{"Hồ sơ X đang chờ thanh toán", 0, PaymentPending},
		{"Hồ sơ X đã hoàn phí", 0, PaymentRefunded},
		{"Hồ sơ X: huỷ thanh toán", 0, PaymentCancelled},
		{"Hồ sơ X: hủy thanh toán", 0, PaymentCancelled},
		{"Bộ phận Tiếp nhận và Trả kết quả: hồ sơ X", 0, 0},
		{"Hồ sơ X, ngày hẹn trả kết quả 30/07", 0, 0},
		{"Hồ sơ X chưa có kết quả", 0, 0},
		{"Hồ sơ X chưa được tiếp nhận", 0, 0},
		{"Hồ sơ X tiếp nhận nhanh", StatusAccepted, 0},
		{"Hồ sơ X tiếp nhậnnhanh", 0, 0},
		{norm.NFD.String("Hồ sơ X đã được tiếp nhận"), StatusAccepted, 0},
		{"Hồ sơ X Ðã có kết quả", StatusDone, 0},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			text := strings.Replace(c.text, "X", code, 1)
			want := []Finding{{code, c.status, c.payment, WhereBody}}
			assert.Equal(t, want, findings("", text, false))
		})
	}
}

func TestHTMLToText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"<p>Tr&#7841;ng th&aacute;i:&nbsp;<b>&#272;&atilde; ti&#7871;p nh&#7853;n</b></p>",
			"Trạng thái: Đã tiếp nhận"},
		{"<table><tr><td>Mã</td><td>X</td></tr><tr><td>A</td><td>B</td></tr></table>",
			"Mã X\nA B"},
		{"a<br>b<br/>c", "a\nb\nc"},
		{"<style>p{}</style><script>x()</script>ok", "ok"},
		{"<div>unclosed <b>bold", "unclosed bold"},
		{"", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			assert.Equal(t, c.want, htmlToText(c.in))
		})
	}
}

func TestInlineForward(t *testing.T) {
	cases := []struct {
		name, text, subject, body string
		ok                        bool
	}{
		{"gmail",
			"Nhờ xem giúp\n\n---------- Forwarded message ---------\nFrom: A <a@b>\n" +
				"Subject: Thông báo tiếp nhận\nTo: x\n\nNội dung",
			"Thông báo tiếp nhận", "Nội dung", true},
		{"vietnamese gmail, no blank line",
			"---------- Thư đã chuyển tiếp ---------\nTừ: A\nNgày: 1/8\nTiêu đề: Bổ sung\n" +
				"Mã hồ sơ: X", "Bổ sung", "Mã hồ sơ: X", true},
		{"apple", "Begin forwarded message:\n\nFrom: A\nSubject: S\n\nB", "S", "B", true},
		{"forward of a forward",
			"-----Original Message-----\nSubject: outer\n\nhi\n" +
				"-------- Forwarded message --------\nSubject: inner\n\nsystem",
			"inner", "system", true},
		{"plain mail", "Kính gửi ông bà\n-- \nchữ ký", "", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, b, ok := inlineForward(c.text, 0)
			assert.Equal(t, c.ok, ok)
			assert.Equal(t, c.subject, s)
			assert.Equal(t, c.body, b)
		})
	}
}

func TestStatusNames(t *testing.T) {
	assert.Equal(t, "returned", StatusReturned.String())
	assert.Equal(t, "invalid", Status(11).String())
	assert.Equal(t, "paid", PaymentPaid.String())
	assert.Equal(t, "invalid", PaymentState(-1).String())
}
