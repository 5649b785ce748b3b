package vntext

import (
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// names are real Vietnamese names and places used to build legacy samples.
var names = []string{
	"Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Long", "Phạm Minh Tuấn",
	"Hoàng Thị Thuý Hằng", "Huỳnh Đức Thịnh", "Phan Thanh Hương", "Vũ Quốc Việt",
	"Võ Thị Sáu", "Đặng Thuỳ Trâm",
	"Bùi Xuân Phái", "Đỗ Mười", "Hồ Xuân Hương",
	"Ngô Bảo Châu", "Dương Thu Hương",
	"Lý Thường Kiệt", "Trịnh Công Sơn", "Đinh Bộ Lĩnh",
	"Lương Thế Vinh", "Nguyễn Thị Định",
	"Tôn Đức Thắng", "Trương Vĩnh Ký", "Mạc Đĩnh Chi",
	"Nguyễn Khuyến", "Cao Bá Quát", "Phùng Khắc Khoan", "Nguyễn Thị Minh Khai",
	"Lê Quý Đôn", "Ưng Hoàng Phúc",
	"Thành phố Hồ Chí Minh", "Phường Bến Nghé, Quận 1",
	"Số 12 ngõ 34 phố Huế, Hà Nội",
	"Tỉnh Bà Rịa - Vũng Tàu", "khuỷu tay", "Nguyễn Thị Mỵ",
	"Ỷ Lan", "Ông Ích Khiêm", "NGUYỄN VĂN AN", "Ấp Mỹ Khánh",
}

func hasTonedCapital(s string) bool {
	for _, r := range s {
		if _, ok := tcvn3Encode[r]; !ok && unicode.IsUpper(r) && r > 0x7F {
			return true
		}
	}
	return false
}

func TestConvertRoundTrip(t *testing.T) {
	for _, enc := range []Encoding{TCVN3, VNIWindows} {
		for _, name := range names {
			t.Run(enc.String()+"/"+name, func(t *testing.T) {
				legacy, err := encodeLegacy(name, enc)
				if enc == TCVN3 && hasTonedCapital(name) {
					require.Error(t, err, "TCVN3 has no code for a capital with a tone")
					return
				}
				require.NoError(t, err)

				got, conf := Detect(legacy)
				assert.Equal(t, enc, got, "pasted %q", legacy)
				assert.Greater(t, conf, 0.5)
				out, err := Convert(legacy, enc)
				require.NoError(t, err)
				assert.Equal(t, name, out)
				got, _ = Detect(out)
				assert.Equal(t, Unicode, got)
			})
		}
	}
}

func TestConvertKnown(t *testing.T) {
	tests := []struct {
		in   string
		from Encoding
		want string
	}{
		{"NguyÔn V¨n", TCVN3, "Nguyễn Văn"},
		{"Céng hoµ x· héi chñ nghÜa ViÖt Nam", TCVN3,
			"Cộng hoà xã hội chủ nghĩa Việt Nam"},
		{"§éc lËp - Tù do - H¹nh phóc", TCVN3, "Độc lập - Tự do - Hạnh phúc"},
		{"Tr\u00adêng §¹i häc B¸ch khoa Hµ Néi", TCVN3,
			"Trường Đại học Bách khoa Hà Nội"},
		{"Nguy\xd4n", TCVN3, "Nguyễn"},                   // raw bytes, not decoded
		{"NGUYÔN V¨N AN", TCVN3, "NGUYỄN VĂN AN"},        // typed in a capitals font
		{"NGUYÔN V¡N AN", TCVN3, "NGUYỄN VĂN AN"},        // capital Ă code
		{"TR\u00a6êNG §¹I HäC", TCVN3, "TRƯỜNG ĐẠI HỌC"}, // capital Ư and Đ codes
		{"Hµ", TCVN3, "Hà"},
		{"Nguyeãn Vaên", VNIWindows, "Nguyễn Văn"},
		{"Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", VNIWindows,
			"Cộng hòa xã hội chủ nghĩa Việt Nam"},
		{"Ñoäc laäp - Töï do - Haïnh phuùc", VNIWindows, "Độc lập - Tự do - Hạnh phúc"},
		{"Tröôøng Ñaïi hoïc", VNIWindows, "Trường Đại học"},
		{"NGUYEÃN THÒ MYÕ", VNIWindows, "NGUYỄN THỊ MỸ"},
		{"Tænh Baø Ròa", VNIWindows, "Tỉnh Bà Rịa"},
		{"Nguyeãn Thò Mî", VNIWindows, "Nguyễn Thị Mỵ"},
		{"Nguyeãn Thò Myï", VNIWindows, "Nguyễn Thị Mỵ"}, // y and the dot-below mark
		{"NGUYEãN", VNIWindows, "NGUYEãN"},               // a mark must match its letter's case
		{"Nguye\xe3n", VNIWindows, "Nguyễn"},             // raw bytes, not decoded
		{"Nguy\xe3n", VNIWindows, "Nguyãn"},              // a mark after a consonant stays
		{"Hello, world", TCVN3, "Hello, world"},
		{"Hello, world", VNIWindows, "Hello, world"},
		{"e\u0301", Unicode, "é"},
		{"\xff", Unicode, "\uFFFD"},
		{"· \xa9", TCVN3, "ã â"}, // fuzz: Detect must not call the output legacy again
	}
	for _, tt := range tests {
		t.Run(tt.from.String()+"/"+tt.in, func(t *testing.T) {
			got, err := Convert(tt.in, tt.from)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestConvertUnknownEncoding(t *testing.T) {
	_, err := Convert("NguyÔn", Encoding(9))
	require.Error(t, err)
	assert.Equal(t, "Encoding(9)", Encoding(9).String())
}

// vietnameseLetters lists every Vietnamese vowel letter with each tone, in both cases, and đ Đ.
func vietnameseLetters() []string {
	var out []string
	for _, base := range []string{"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"} {
		for _, tone := range []string{"", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"} {
			lower := NFC(base + tone)
			out = append(out, lower, NFC(string(unicode.ToUpper([]rune(base)[0]))+tone))
		}
	}
	return append(out, "đ", "Đ")
}

func TestTablesRoundTrip(t *testing.T) {
	letters := vietnameseLetters()
	require.Len(t, letters, 146)
	for _, enc := range []Encoding{TCVN3, VNIWindows} {
		coded := 0
		for _, l := range letters {
			legacy, err := encodeLegacy(l, enc)
			if err != nil {
				continue
			}
			coded++
			out, err := Convert(legacy, enc)
			require.NoError(t, err)
			assert.Equal(t, l, out, "%v %q", enc, legacy)
		}
		// TCVN3 codes the 72 lower-case vowels, đ, and the 12 capital vowels and Đ without a
		// tone; VNI-Windows codes them all.
		want := map[Encoding]int{TCVN3: 72 + 1 + 12 + 1, VNIWindows: 146}[enc]
		assert.Equal(t, want, coded, enc.String())
	}
}

func TestEncodeLegacyRefuses(t *testing.T) {
	tests := []struct {
		in string
		to Encoding
	}{
		{"Ánh", TCVN3}, // no TCVN3 code for a capital with a tone
		{"Müller", TCVN3},
		{"Müller", VNIWindows},
		{"Đỗ", Unicode},
	}
	for _, tt := range tests {
		t.Run(tt.to.String()+"/"+tt.in, func(t *testing.T) {
			_, err := encodeLegacy(tt.in, tt.to)
			require.Error(t, err)
		})
	}
}
