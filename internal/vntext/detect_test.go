package vntext

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		in   string
		want Encoding
	}{
		{"", Unicode},
		{"Hello world", Unicode},
		{"0912 345 678", Unicode},
		{"Nguyễn Văn An", Unicode},
		{"Lê Hà", Unicode},  // only Latin-1 letters, and "Lờ" in TCVN3 is a word too
		{"Tô Lâm", Unicode}, // "Tụ Lõm" in TCVN3 reads as well: ties stay Unicode
		{"LÊ HÀ", Unicode},
		{"Tôi là Lê", Unicode},
		{"Thò", Unicode},
		{"Ðỗ Mười", Unicode},
		{"Ðào", Unicode},
		{"José Müller", Unicode},
		{"Café crème brûlée", Unicode},
		{"naïve résumé", Unicode},
		{"São Paulo", Unicode},
		{"Mañana", Unicode},
		{"Zürich Straße", Unicode},
		{"Nguye\u0303\u0302n", Unicode}, // decomposed Unicode
		{"Œuvre", Unicode},
		{"· \xa9", Unicode}, // fuzz: reads as TCVN3 "ã â", which reads as TCVN3 again
		{"NguyÔn V¨n", TCVN3},
		{"Céng hoµ x· héi chñ nghÜa ViÖt Nam", TCVN3},
		{"Tr\u00adêng §¹i häc B¸ch khoa Hµ Néi", TCVN3},
		{"Nguy\xd4n V\xa8n", TCVN3},
		{"NGUYÔN V¨N AN", TCVN3},
		{"“NguyÔn V¨n An” – ®¬n xin", TCVN3}, // Word's curly quotes and dash
		{"“Nguyeãn Vaên An” – ñôn xin", VNIWindows},
		{"Haø Noäi", VNIWindows},
		{"Huyeän Cuû Chi, TP. HCM", VNIWindows},
		{"Thµnh phè Hå ChÝ Minh, ViÖt Nam - tel 028 123", TCVN3},
		{"HAØ NOÄI", VNIWindows},
		{"Señor Muñoz", Unicode},
		{"Größe Übung", Unicode},
		{"© 2024 ACME™", Unicode},
		{"Ông Lê Hà", Unicode},
		{"Hôm nay tôi đi học", Unicode},
		{"Nguyeãn Vaên", VNIWindows},
		{"Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", VNIWindows},
		{"Ñoäc laäp - Töï do - Haïnh phuùc", VNIWindows},
		{"Cao Baù Quaùt", VNIWindows},
		{"NGUYEÃN THÒ MYÕ", VNIWindows},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, conf := Detect(tt.in)
			assert.Equal(t, tt.want, got)
			assert.GreaterOrEqual(t, conf, 0.5)
			assert.LessOrEqual(t, conf, 1.0)
		})
	}
}

func TestValidSyllable(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Nguyễn", true}, {"hoà", true}, {"hòa", true}, {"thuở", true}, {"khuỷu", true},
		{"xoong", true}, {"giữa", true}, {"gìn", true}, {"QUỐC", true}, {"Yến", true},
		{"hoàn", true}, {"huỳnh", true},
		{"hòan", false},  // tone on the wrong vowel
		{"quàt", false},  // a syllable ending in t takes only sắc or nặng
		{"trònh", false}, // no rhyme "-onh"
		{"baù", false},   // "au" carries its tone on the a
		{"nguyôn", false}, {"NguyÔn", false}, {"café", false}, {"ăc", false}, {"ân", true},
		{"â", false}, {"x2", false}, {"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, validSyllable(tt.in))
		})
	}
}
