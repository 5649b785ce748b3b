package vietqr

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vcb is the account most parse tests pay into.
var vcb = account("970436", "0011001234567", "QRIBFTTA")

// TestParse: payloads a bank app would accept, and what they ask for.
func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Payment
	}{
		{
			name: "published payload to VietinBank",
			in: "00020101021238570010A00000072701270006970415011300110019324180208" +
				"QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C",
			want: Payment{BIN: "970415", Service: ToAccount, Number: "0011001932418",
				Amount: 120_000, Purpose: "ung ho lu lut", Bank: bank("970415")},
		},
		{
			name: "static code without amount",
			in:   withCRC(pfi, static, vcb, vnd, vn),
			want: Payment{BIN: "970436", Service: ToAccount, Number: "0011001234567",
				Bank: bank("970436")},
		},
		{
			name: "to a card, bank not in the list",
			in: withCRC(pfi, dynamic, account("970499", "9704990000000001", "QRIBFTTC"),
				vnd, tlv("54", "35000"), vn),
			want: Payment{BIN: "970499", Service: ToCard, Number: "9704990000000001",
				Amount: 35_000},
		},
		{
			name: "a static code may carry a fixed amount",
			in:   withCRC(pfi, static, vcb, vnd, tlv("54", "20000"), vn),
			want: Payment{BIN: "970436", Service: ToAccount, Number: "0011001234567",
				Amount: 20_000, Bank: bank("970436")},
		},
		{
			name: "fields the desk does not use are read past",
			in: withCRC(pfi, dynamic,
				tlv("38", tlv("00", "A000000727")+tlv("01", tlv("00", "970436")+
					tlv("01", "0011001234567")+tlv("02", "x"))+tlv("02", "QRIBFTTA")+
					tlv("03", "extra")),
				tlv("52", "0000"), vnd, tlv("54", "15000"), vn,
				tlv("59", "TRUNG TAM PVHCC"), tlv("60", "HA NOI"), tlv("61", "100000"),
				tlv("62", tlv("05", "REF1")+tlv("07", "DESK2")+tlv("08", "HS 123")),
				tlv("80", "anything")),
			want: Payment{BIN: "970436", Service: ToAccount, Number: "0011001234567",
				Amount: 15_000, Purpose: "HS 123", MerchantName: "TRUNG TAM PVHCC",
				MerchantCity: "HA NOI", Bank: bank("970436")},
		},
		{
			name: "fields in another order; 00 first and 63 last are all EMVCo asks",
			in: withCRC(pfi, vn, vnd, tlv("54", "1"), dynamic,
				tlv("38", tlv("02", "QRIBFTTA")+tlv("01", tlv("01", "42")+
					tlv("00", "970436"))+tlv("00", "A000000727"))),
			want: Payment{BIN: "970436", Service: ToAccount, Number: "42", Amount: 1,
				Bank: bank("970436")},
		},
		{
			name: "lengths count bytes: a Vietnamese name in template 64 is 10 bytes",
			in: withCRC(pfi, static, vcb, vnd, vn,
				"6420"+tlv("00", "vi")+"0110Trung tâm"),
			want: Payment{BIN: "970436", Service: ToAccount, Number: "0011001234567",
				Bank: bank("970436")},
		},
		{
			name: "62 without a purpose",
			in:   withCRC(pfi, static, vcb, vnd, vn, tlv("62", tlv("01", "BILL7"))),
			want: Payment{BIN: "970436", Service: ToAccount, Number: "0011001234567",
				Bank: bank("970436")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestParseNamesTheBank: a scanned code tells the volunteer which bank it
// pays into.
func TestParseNamesTheBank(t *testing.T) {
	p, err := Parse(withCRC(pfi, static, account("970418", "1", "QRIBFTTA"), vnd, vn))
	require.NoError(t, err)
	assert.Equal(t, "BIDV", p.Bank.ShortName)
	assert.True(t, p.Bank.Confirmed)
}

// badRow is a payload Parse must refuse: the kind, the field and part of
// the data the message shows.
type badRow struct {
	name  string
	in    string
	kind  error
	field string
	data  map[string]string
}

// TestParseRefuses: each way a payload can be wrong gives its own kind of
// error naming the field.
func TestParseRefuses(t *testing.T) {
	good := withCRC(pfi, dynamic, vcb, vnd, tlv("54", "50000"), vn)
	body := strings.TrimSuffix(good, good[len(good)-8:])
	// A payload whose CRC has a letter, to write it in lower case.
	var lowerBody, lowerCRC string
	for c := 'a'; lowerCRC == strings.ToLower(lowerCRC); c++ {
		p := withCRC(pfi, static, vcb, vnd, vn, purpose(string(c)))
		lowerBody, lowerCRC = p[:len(p)-4], p[len(p)-4:]
	}
	garbage62 := withCRC(pfi, static, vcb, vnd, vn, tlv("62", tlv("08", "abc")+"X"))

	tests := []badRow{
		{"empty", "", ErrNotEMV, "", nil},
		{"a web link", "https://dichvucong.gov.vn", ErrNotEMV, "", nil},
		{"only the id of field 00", "00", ErrTruncated, "00", map[string]string{"Pos": "1"}},
		{"wrong CRC", body + "6304" + flip(good[len(good)-4:]), ErrCRC, "63",
			map[string]string{"Want": good[len(good)-4:]}},
		{"lower-case CRC", lowerBody + strings.ToLower(lowerCRC), ErrCRC, "63", nil},
		{"CRC of 3 digits", body + "6303ABC", ErrCRC, "63", nil},
		{"CRC cut short", body + "6304AB", ErrTruncated, "63", nil},
		{"data after the CRC", good + "0000", ErrCRCNotLast, "63",
			map[string]string{"Pos": strconv.Itoa(len(good) + 1)}},
		{"CRC twice", good + good[len(good)-8:], ErrCRCNotLast, "63", nil},
		{"no CRC", body, ErrMissing, "63", nil},
		{"length past the end", "0002010105" + "11", ErrTruncated, "01",
			map[string]string{"Pos": "7"}},
		{"length counted in letters, not bytes", withCRC(pfi, static, vcb, vnd, vn,
			"6419"+tlv("00", "vi")+"0109Trung tâm"), ErrMalformed, "", nil},
		{"garbage between fields", withCRC(pfi, "XY", static, vcb, vnd, vn),
			ErrMalformed, "", map[string]string{"Pos": "7"}},
		{"length past the end of template 38.01", withCRC(pfi, static,
			tlv("38", tlv("00", "A000000727")+"0130"+tlv("00", "970436")+tlv("01", "123")+
				tlv("02", "QRIBFTTA")), vnd, vn), ErrTruncated, "38.01", nil},
		{"garbage left in template 62", garbage62, ErrMalformed, "62",
			map[string]string{"Pos": strconv.Itoa(strings.Index(garbage62, "X") + 1)}},
		{"half a header left in template 62", withCRC(pfi, static, vcb, vnd, vn,
			tlv("62", tlv("08", "abc")+"08")), ErrTruncated, "62.08", nil},
		{"empty field", withCRC(pfi, "0100", vcb, vnd, vn), ErrEmpty, "01", nil},
		{"amount twice", withCRC(pfi, dynamic, vcb, vnd, tlv("54", "1"), tlv("54", "2"), vn),
			ErrDuplicate, "54", nil},
		{"BIN twice", withCRC(pfi, static, tlv("38", tlv("00", "A000000727")+
			tlv("01", tlv("00", "970436")+tlv("00", "970418")+tlv("01", "1"))+
			tlv("02", "QRIBFTTA")), vnd, vn), ErrDuplicate, "38.01.00", nil},
		{"no 01", withCRC(pfi, vcb, vnd, vn), ErrMissing, "01", nil},
		{"no 38", withCRC(pfi, static, vnd, vn), ErrMissing, "38", nil},
		{"no 53", withCRC(pfi, static, vcb, vn), ErrMissing, "53", nil},
		{"no 58", withCRC(pfi, static, vcb, vnd), ErrMissing, "58", nil},
		{"no NAPAS id", withCRC(pfi, static, tlv("38", tlv("01", tlv("00", "970436")+
			tlv("01", "1"))+tlv("02", "QRIBFTTA")), vnd, vn), ErrMissing, "38.00", nil},
		{"no beneficiary", withCRC(pfi, static, tlv("38", tlv("00", "A000000727")+
			tlv("02", "QRIBFTTA")), vnd, vn), ErrMissing, "38.01", nil},
		{"no BIN", withCRC(pfi, static, tlv("38", tlv("00", "A000000727")+
			tlv("01", tlv("01", "1"))+tlv("02", "QRIBFTTA")), vnd, vn),
			ErrMissing, "38.01.00", nil},
		{"no number", withCRC(pfi, static, tlv("38", tlv("00", "A000000727")+
			tlv("01", tlv("00", "970436"))+tlv("02", "QRIBFTTA")), vnd, vn),
			ErrMissing, "38.01.01", nil},
		{"no service", withCRC(pfi, static, tlv("38", tlv("00", "A000000727")+
			tlv("01", tlv("00", "970436")+tlv("01", "1"))), vnd, vn),
			ErrMissing, "38.02", nil},
		{"dynamic without amount", withCRC(pfi, dynamic, vcb, vnd, vn),
			ErrMissing, "54", nil},
		{"format version 02", withCRC(tlv("00", "02"), static, vcb, vnd, vn),
			ErrValue, "00", map[string]string{"Value": "02", "Want": "01"}},
		{"initiation 13", withCRC(pfi, tlv("01", "13"), vcb, vnd, vn),
			ErrValue, "01", map[string]string{"Value": "13"}},
		{"US dollars", withCRC(pfi, static, vcb, tlv("53", "840"), vn),
			ErrValue, "53", map[string]string{"Value": "840", "Want": "704"}},
		{"Thailand", withCRC(pfi, static, vcb, vnd, tlv("58", "TH")),
			ErrValue, "58", map[string]string{"Value": "TH", "Want": "VN"}},
		{"another scheme's id", withCRC(pfi, static, tlv("38", tlv("00", "A000000677")+
			tlv("01", tlv("00", "970436")+tlv("01", "1"))+tlv("02", "QRIBFTTA")), vnd, vn),
			ErrNotVietQR, "38.00", map[string]string{"Value": "A000000677"}},
		{"merchant payment service", withCRC(pfi, static,
			account("970436", "1", "QRPUSH"), vnd, vn),
			ErrService, "38.02", map[string]string{"Value": "QRPUSH"}},
		{"cash withdrawal service", withCRC(pfi, static,
			account("970436", "1", "QRCASH"), vnd, vn), ErrService, "38.02", nil},
		{"BIN of 5", withCRC(pfi, static, account("97043", "1", "QRIBFTTA"), vnd, vn),
			ErrBIN, "38.01.00", map[string]string{"Value": "97043"}},
		{"card number with a letter", withCRC(pfi, static,
			account("970436", "9704A", "QRIBFTTC"), vnd, vn), ErrNumber, "38.01.01", nil},
		{"account number of 20", withCRC(pfi, static,
			account("970436", strings.Repeat("9", 20), "QRIBFTTA"), vnd, vn),
			ErrNumber, "38.01.01", nil},
		{"tip asked for", withCRC(pfi, static, vcb, vnd, tlv("55", "01"), vn),
			ErrUnsupported, "55", nil},
		{"fixed fee", withCRC(pfi, static, vcb, vnd, tlv("56", "2000"), vn),
			ErrUnsupported, "56", nil},
		{"purpose with marks", withCRC(pfi, static, vcb, vnd, vn, purpose("Lệ phí")),
			ErrText, "62.08", map[string]string{"Char": "ệ"}},
		{"purpose of 26", withCRC(pfi, static, vcb, vnd, vn, purpose(strings.Repeat("a", 26))),
			ErrTooLong, "62.08", map[string]string{"Max": "25", "Len": "26"}},
		{"merchant name with a tab", withCRC(pfi, static, vcb, vnd, vn, tlv("59", "A\tB")),
			ErrText, "59", map[string]string{"Char": "U+0009"}},
		{"merchant city of 16", withCRC(pfi, static, vcb, vnd, vn,
			tlv("60", strings.Repeat("A", 16))), ErrTooLong, "60", nil},
	}
	for _, v := range []string{"12.5", "1,000", "0", "007", "-5", "12345678901234", "１２",
		"1e5", " 12"} {
		tests = append(tests, badRow{"amount " + v, withCRC(pfi, dynamic, vcb, vnd,
			tlv("54", v), vn), ErrAmount, "54", map[string]string{"Value": v}})
	}
	tests = append(tests, fuzzFindings...)

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.in)
			assertError(t, err, tt.kind, tt.field, tt.data)
			assert.Zero(t, p, "a refused payload gives no payment")
		})
	}
}

// flip changes the last hex digit of a CRC so that it is wrong.
func flip(crc string) string {
	last := crc[3]
	if last == '0' {
		return crc[:3] + "1"
	}
	return crc[:3] + "0"
}
