package vietqr

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBuild: the payload a bank app will read, field by field, with the
// CRC computed by the test's own bit-by-bit implementation.
func TestBuild(t *testing.T) {
	tests := []struct {
		name string
		in   Payment
		want string
	}{
		{
			name: "static code to an account: the payer types the amount",
			in:   Payment{BIN: "970436", Service: ToAccount, Number: "0011001234567"},
			want: withCRC(pfi, static, account("970436", "0011001234567", "QRIBFTTA"),
				vnd, vn),
		},
		{
			name: "dynamic code with amount and a Vietnamese purpose",
			in: Payment{BIN: "970418", Service: ToAccount, Number: "12010000123456",
				Amount: 50_000, Purpose: "Lệ phí hộ tịch HS 0123"},
			want: withCRC(pfi, dynamic, account("970418", "12010000123456", "QRIBFTTA"),
				vnd, tlv("54", "50000"), vn, purpose("Le phi ho tich HS 0123")),
		},
		{
			name: "đ and Đ become d and D",
			in: Payment{BIN: "970405", Service: ToAccount, Number: "1500205123456",
				Amount: 100_000, Purpose: "Đóng phí đăng ký"},
			want: withCRC(pfi, dynamic, account("970405", "1500205123456", "QRIBFTTA"),
				vnd, tlv("54", "100000"), vn, purpose("Dong phi dang ky")),
		},
		{
			name: "to a card of 19 digits",
			in: Payment{BIN: "970422", Service: ToCard, Number: "9704229200001234567",
				Amount: 1_000_000},
			want: withCRC(pfi, dynamic, account("970422", "9704229200001234567", "QRIBFTTC"),
				vnd, tlv("54", "1000000"), vn),
		},
		{
			name: "merchant name and city, without marks",
			in: Payment{BIN: "970415", Service: ToAccount, Number: "113366668888",
				MerchantName: "Trung tâm PVHCC Huế", MerchantCity: "Thừa Thiên Huế"},
			want: withCRC(pfi, static, account("970415", "113366668888", "QRIBFTTA"),
				vnd, vn, tlv("59", "Trung tam PVHCC Hue"), tlv("60", "Thua Thien Hue")),
		},
		{
			name: "account number with letters, as some banks give",
			in:   Payment{BIN: "970416", Service: ToAccount, Number: "ACB12345"},
			want: withCRC(pfi, static, account("970416", "ACB12345", "QRIBFTTA"), vnd, vn),
		},
		{
			name: "the largest amount, 13 digits",
			in: Payment{BIN: "970403", Service: ToAccount, Number: "060123456789",
				Amount: MaxAmount},
			want: withCRC(pfi, dynamic, account("970403", "060123456789", "QRIBFTTA"),
				vnd, tlv("54", "9999999999999"), vn),
		},
		{
			name: "25 letters with marks fit: the limit counts the bytes without marks",
			in: Payment{BIN: "970436", Service: ToAccount, Number: "1",
				Purpose: "Nộp lệ phí cấp đổi sổ đỏ!"},
			want: withCRC(pfi, static, account("970436", "1", "QRIBFTTA"), vnd, vn,
				purpose("Nop le phi cap doi so do!")),
		},
		{
			name: "typographic quotes and dashes from pasted text",
			in: Payment{BIN: "970436", Service: ToAccount, Number: "1",
				Purpose: "HS “A–1”\u00a0ok"},
			want: withCRC(pfi, static, account("970436", "1", "QRIBFTTA"), vnd, vn,
				purpose(`HS "A-1" ok`)),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Build(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestBuildMatchesPublishedPayload: a payload published with an open
// VietQR generator (to VietinBank, 120,000 đ, "ủng hộ lũ lụt") comes out
// byte for byte, CRC C15C included.
func TestBuildMatchesPublishedPayload(t *testing.T) {
	const published = "00020101021238570010A00000072701270006970415011300110019324180208" +
		"QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C"
	got, err := Build(Payment{BIN: "970415", Service: ToAccount, Number: "0011001932418",
		Amount: 120_000, Purpose: "ủng hộ lũ lụt"})
	require.NoError(t, err)
	assert.Equal(t, published, got)
}

// TestBuildRefuses: what Build will not write, each with the field and
// the data its message needs.
func TestBuildRefuses(t *testing.T) {
	ok := Payment{BIN: "970436", Service: ToAccount, Number: "0011001234567"}
	with := func(f func(*Payment)) Payment {
		p := ok
		f(&p)
		return p
	}
	tests := []struct {
		name  string
		in    Payment
		kind  error
		field string
		data  map[string]string
	}{
		{"no bank", with(func(p *Payment) { p.BIN = "" }), ErrMissing, "38.01.00", nil},
		{"BIN of 5 digits", with(func(p *Payment) { p.BIN = "97043" }),
			ErrBIN, "38.01.00", map[string]string{"Value": "97043"}},
		{"BIN with a letter", with(func(p *Payment) { p.BIN = "97043a" }),
			ErrBIN, "38.01.00", nil},
		{"no service", with(func(p *Payment) { p.Service = "" }), ErrMissing, "38.02", nil},
		{"merchant payment service", with(func(p *Payment) { p.Service = "QRPUSH" }),
			ErrService, "38.02", map[string]string{"Value": "QRPUSH"}},
		{"no number", with(func(p *Payment) { p.Number = "" }), ErrMissing, "38.01.01", nil},
		{"number with spaces", with(func(p *Payment) { p.Number = "0011 0012 34567" }),
			ErrNumber, "38.01.01", map[string]string{"Max": "19"}},
		{"number with a dash", with(func(p *Payment) { p.Number = "0011-001234567" }),
			ErrNumber, "38.01.01", nil},
		{"number with a Vietnamese letter", with(func(p *Payment) { p.Number = "Số1" }),
			ErrNumber, "38.01.01", nil},
		{"card number with a letter", with(func(p *Payment) {
			p.Service, p.Number = ToCard, "9704A"
		}), ErrNumber, "38.01.01", nil},
		{"number of 20", with(func(p *Payment) { p.Number = strings.Repeat("1", 20) }),
			ErrNumber, "38.01.01", nil},
		{"negative amount", with(func(p *Payment) { p.Amount = -1 }),
			ErrAmount, "54", map[string]string{"Value": "-1"}},
		{"amount of 14 digits", with(func(p *Payment) { p.Amount = MaxAmount + 1 }),
			ErrAmount, "54", nil},
		{"emoji in the purpose", with(func(p *Payment) { p.Purpose = "Phí 😀" }),
			ErrText, "62.08", map[string]string{"Char": "😀"}},
		{"euro sign", with(func(p *Payment) { p.Purpose = "50€" }),
			ErrText, "62.08", map[string]string{"Char": "€"}},
		{"line break", with(func(p *Payment) { p.Purpose = "dòng 1\ndòng 2" }),
			ErrText, "62.08", map[string]string{"Char": "U+000A"}},
		{"invalid UTF-8", with(func(p *Payment) { p.Purpose = "a\xffb" }),
			ErrText, "62.08", map[string]string{"Char": "U+FFFD"}},
		{"purpose of 26", with(func(p *Payment) { p.Purpose = strings.Repeat("x", 26) }),
			ErrTooLong, "62.08", map[string]string{"Max": "25", "Len": "26"}},
		{"purpose of 26 with marks", with(func(p *Payment) {
			p.Purpose = "Nộp lệ phí cấp đổi sổ đỏ!!"
		}), ErrTooLong, "62.08", map[string]string{"Len": "26"}},
		{"merchant name of 26", with(func(p *Payment) {
			p.MerchantName = strings.Repeat("A", 26)
		}), ErrTooLong, "59", map[string]string{"Max": "25"}},
		{"merchant city of 16", with(func(p *Payment) {
			p.MerchantCity = strings.Repeat("A", 16)
		}), ErrTooLong, "60", map[string]string{"Max": "15"}},
		{"Chinese in the city", with(func(p *Payment) { p.MerchantCity = "河内" }),
			ErrText, "60", map[string]string{"Char": "河"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(tt.in)
			assertError(t, err, tt.kind, tt.field, tt.data)
		})
	}
}

// assertError checks that err is an *Error of kind for field whose data
// holds data, and that its log text carries no value from the payment.
func assertError(t *testing.T, err error, kind error, field string, data map[string]string) {
	t.Helper()
	require.Error(t, err)
	assert.True(t, errors.Is(err, kind), "want %v, got %v", kind, err)
	e, ok := AsError(err)
	require.True(t, ok, "not an *Error: %v", err)
	assert.Equal(t, field, e.Field)
	for k, v := range data {
		assert.Equal(t, v, e.Data()[k], k)
	}
	for _, k := range []string{"Value", "Char"} {
		if v := e.Data()[k]; len(v) >= 3 {
			assert.NotContains(t, err.Error(), v, "the log text leaks %s", k)
		}
	}
	assertReadable(t, e)
}
