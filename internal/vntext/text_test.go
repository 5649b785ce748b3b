package vntext

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNFC(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Nguye\u0302\u0303n", "Nguyễn"}, // decomposed, as some Mac and VNI tools write it
		{"Nguyễn", "Nguyễn"},
		{"", ""},
		{"Hello", "Hello"},
		// Found by FuzzNFC: a letter after a stray byte is still composed.
		{"\xf7A\u0301", "\xf7\u00c1"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, NFC(tt.in))
		})
	}
}

func TestFixLookalikes(t *testing.T) {
	tests := []struct {
		in, want string
		changed  bool
	}{
		{"ÐỖ VĂN AN", "ĐỖ VĂN AN", true},
		{"Ðào Thị Hương", "Đào Thị Hương", true},
		{"ðinh", "đinh", true},
		{"\u0189inh", "Đinh", true},
		{"Nguyеn", "Nguyen", true},           // Cyrillic е in a Latin word
		{"Trần Vаn Bа", "Trần Van Ba", true}, // Cyrillic а
		{"Lıên", "Liên", true},               // Turkish dotless ı
		{"Москва", "Москва", false},          // real Cyrillic stays
		{"Αθήνα", "Αθήνα", false},            // real Greek stays
		{"Đỗ Mười", "Đỗ Mười", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, changed := FixLookalikes(tt.in)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.changed, changed)
		})
	}
}

func TestToneKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hòa", "hoà"}, {"hoà", "hoà"}, {"Hòa Bình", "Hoà Bình"},
		{"thúy", "thuý"}, {"Thuý", "Thuý"}, {"khỏe", "khoẻ"}, {"khoẻ", "khoẻ"},
		{"Nguyễn Thị Thúy Hằng", "Nguyễn Thị Thuý Hằng"},
		{"HÒA", "HOÀ"}, {"Thủy", "Thuỷ"}, {"qúy", "quý"}, {"Quý", "Quý"},
		{"ho\u0300a", "hoà"}, // decomposed old style
		{"giữa", "giữa"}, {"người", "người"}, {"hoàn", "hoàn"}, {"hòan", "hoàn"},
		{"mùa", "mùa"}, {"tài", "tài"}, {"ngoài", "ngoài"}, {"ngòai", "ngoài"},
		{"khuỷu", "khuỷu"}, {"thuở", "thuở"}, {"gìn", "gìn"},
		{"Café", "Café"}, {"VNeID", "VNeID"}, {"an@gmail.com", "an@gmail.com"},
		{"hòà", "hòà"}, // two tones: left alone
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, ToneKey(tt.in))
		})
	}
}

func TestToneKeyStylesAgree(t *testing.T) {
	pairs := []struct{ old, new string }{
		{"Nguyễn Thị Thúy", "Nguyễn Thị Thuý"}, {"Lê Thị Hòa", "Lê Thị Hoà"},
		{"Trần Văn Khỏe", "Trần Văn Khoẻ"},
		{"Phạm Thị Thủy Tiên", "Phạm Thị Thuỷ Tiên"},
		{"Đỗ Quang Họa", "Đỗ Quang Hoạ"}, {"Vũ Thị Lõa", "Vũ Thị Loã"},
		{"HOÀNG THÚY", "HOÀNG THUÝ"}, {"Hòa Thuận, Khánh Hòa", "Hoà Thuận, Khánh Hoà"},
	}
	for _, p := range pairs {
		t.Run(p.old, func(t *testing.T) {
			assert.Equal(t, ToneKey(p.new), ToneKey(p.old))
			assert.NotEqual(t, p.old, p.new)
		})
	}
}
