package telex

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

type row struct {
	keys string
	m    Method
	s    ToneStyle
	want string
}

// wordCases are keys a volunteer types and what the entry must show.
var wordCases = []row{
	// Tone styles on the open pairs oa, oe, uy.
	{"hoaf", Telex, Modern, "hoà"}, {"hoaf", Telex, Classic, "hòa"},
	{"thuys", Telex, Modern, "thuý"}, {"thuys", Telex, Classic, "thúy"},
	{"khoer", Telex, Modern, "khoẻ"}, {"khoer", Telex, Classic, "khỏe"},
	{"Hoaf", Telex, Modern, "Hoà"}, {"hoangf", Telex, Modern, "hoàng"},
	{"toans", Telex, Modern, "toán"}, {"huyts", Telex, Classic, "huýt"},
	{"ho2a", VNI, Modern, "hoà"}, {"ho2a", VNI, Classic, "hòa"},
	{"thu1y", VNI, Modern, "thuý"}, {"khoe3", VNI, Classic, "khỏe"},
	// Tone and marks typed late or early in the word.
	{"vieetj", Telex, Modern, "việt"}, {"vieejt", Telex, Modern, "việt"},
	{"tieesng", Telex, Modern, "tiếng"}, {"nguyenxe", Telex, Modern, "nguyễn"},
	{"truongwf", Telex, Modern, "trường"}, {"dduowcj", Telex, Modern, "được"},
	{"nguoiwf", Telex, Modern, "người"}, {"thuowr", Telex, Modern, "thuở"},
	{"muwa", Telex, Modern, "mưa"}, {"muaw", Telex, Modern, "mưa"},
	{"Nguye64n", VNI, Modern, "Nguyễn"}, {"Vie56t", VNI, Modern, "Việt"},
	{"d9u7o7c5", VNI, Modern, "được"}, {"duoc759", VNI, Modern, "được"},
	{"thuo73", VNI, Modern, "thuở"}, {"A8n", VNI, Modern, "Ăn"},
	// A lone w is ư.
	{"w", Telex, Modern, "ư"}, {"tw", Telex, Modern, "tư"}, {"nhw", Telex, Modern, "như"},
	{"ddwa", Telex, Modern, "đưa"}, {"W", Telex, Modern, "Ư"}, {"tuwf", Telex, Modern, "từ"},
	// qu and gi start a syllable.
	{"quas", Telex, Modern, "quá"}, {"gif", Telex, Modern, "gì"}, {"giaf", Telex, Modern, "già"},
	{"quoocs", Telex, Modern, "quốc"}, {"giuwx", Telex, Modern, "giữ"},
	// Tones change and come off.
	{"chaofs", Telex, Modern, "cháo"}, {"chaofz", Telex, Modern, "chao"},
	{"cha2o0", VNI, Modern, "chao"}, {"cha1o2", VNI, Modern, "chào"},
	// A modifier typed again undoes itself.
	{"boss", Telex, Modern, "bos"}, {"bosss", Telex, Modern, "boss"},
	{"aaa", Telex, Modern, "aa"}, {"ddd", Telex, Modern, "dd"}, {"ss", Telex, Modern, "ss"},
	{"ww", Telex, Modern, "ww"}, {"www", Telex, Modern, "www"}, {"aww", Telex, Modern, "aw"},
	{"oww", Telex, Modern, "ow"}, {"cass", Telex, Modern, "cas"}, {"xooong", Telex, Modern, "xoong"},
	{"a11", VNI, Modern, "a1"}, {"a66", VNI, Modern, "a6"}, {"d99", VNI, Modern, "d9"},
	{"u77", VNI, Modern, "u7"}, {"a88", VNI, Modern, "a8"},
	// Capitals are kept.
	{"NGUYEENX", Telex, Modern, "NGUYỄN"}, {"Nguyeenx", Telex, Modern, "Nguyễn"},
	{"DDAWNGJ", Telex, Modern, "ĐẶNG"}, {"Ddawngj", Telex, Modern, "Đặng"},
	{"TRUWOWNGF", Telex, Modern, "TRƯỜNG"}, {"HOAF", Telex, Classic, "HÒA"},
	{"NGUYE64N", VNI, Modern, "NGUYỄN"}, {"D9A8NG5", VNI, Modern, "ĐẶNG"},
	// Text that is not Vietnamese stays as typed.
	{"VNeID", Telex, Modern, "VNeID"}, {"email", Telex, Modern, "email"},
	{"hello", Telex, Modern, "hello"}, {"https", Telex, Modern, "https"},
	{"Facebook", Telex, Modern, "Facebook"}, {"Zalo", Telex, Modern, "Zalo"},
	{"Google", Telex, Modern, "Google"}, {"Windows", Telex, Modern, "Windows"},
	{"iPhone", Telex, Modern, "iPhone"}, {"OTP", Telex, Modern, "OTP"},
	{"NFC", Telex, Modern, "NFC"}, {"QR", Telex, Modern, "QR"}, {"PDF", Telex, Modern, "PDF"},
	{"class", Telex, Modern, "class"}, {"address", Telex, Modern, "address"},
	{"banana", Telex, Modern, "banana"}, {"x", Telex, Modern, "x"}, {"tatf", Telex, Modern, "tatf"},
	{"king", Telex, Modern, "king"}, {"cent", Telex, Modern, "cent"}, {"tiep", Telex, Modern, "tiep"},
	{"covid19", VNI, Modern, "covid19"}, {"mp3", VNI, Modern, "mp3"}, {"2025", VNI, Modern, "2025"},
	{"VNeID", VNI, Modern, "VNeID"}, {"", Telex, Modern, ""},
	// Letters that already carry marks count as their keys.
	{"chào", Telex, Modern, "chào"}, {"hòa", Telex, Modern, "hoà"},
	{"chàos", Telex, Modern, "cháo"},
	// Found by fuzzing: a plain o before a toned o is not a mark.
	{"oõng", Telex, Modern, "oõng"}, {"oooXng", Telex, Modern, "oõng"},
	{"Việt", VNI, Modern, "Việt"}, {"ñandu", Telex, Modern, "ñandu"},
	// Off leaves everything as typed.
	{"nguyeenx", Off, Modern, "nguyeenx"}, {"Nguye64n", Off, Modern, "Nguye64n"},
}

func TestWord(t *testing.T) {
	for _, c := range wordCases {
		t.Run(c.keys, func(t *testing.T) {
			assert.Equal(t, c.want, Word(c.keys, c.m, c.s))
		})
	}
}

// TestWordRealWords types every word of wordRows with both methods and
// reads it back with Keys.
func TestWordRealWords(t *testing.T) {
	assert.GreaterOrEqual(t, len(wordRows), 200)
	for _, w := range wordRows {
		t.Run(w.want, func(t *testing.T) {
			assert.Equal(t, w.want, Word(w.telex, Telex, Classic), "telex")
			assert.Equal(t, w.want, Word(w.vni, VNI, Classic), "vni")
			assert.Equal(t, w.telex, Keys(w.want, Telex))
			assert.Equal(t, w.vni, Keys(w.want, VNI))
		})
	}
}

func TestApply(t *testing.T) {
	cases := []row{
		{"xin chaof", Telex, Modern, "xin chào"},
		{"Ddoongf Nai, Bieen Hoaf.", Telex, Modern, "Đồng Nai, Biên Hoà."},
		{"Ddoongf Nai, Bieen Hoaf.", Telex, Classic, "Đồng Nai, Biên Hòa."},
		{"dichj vuj coong  treen\tVNeID", Telex, Modern, "dịch vụ công  trên\tVNeID"},
		{"email: ngocs@gmail.com", Telex, Modern, "email: ngocs@gmail.com"},
		{"https://dichvucong.gov.vn", Telex, Modern, "https://dichvucong.gov.vn"},
		{"vaof www.google.com nhes", Telex, Modern, "vào www.google.com nhé"},
		{"taif khoanr mucws 2", Telex, Modern, "tài khoản mức 2"},
		{"Tieeps sức!", Telex, Modern, "Tiếp sức!"},
		{"Vie65t Nam 2025", VNI, Modern, "Việt Nam 2025"},
		{"ma4 ho62 so7: H49-250725", VNI, Modern, "mã hồ sơ: H49-250725"},
		{"(Nguyeenx Vawn A)", Telex, Modern, "(Nguyễn Văn A)"},
		{"xin chaof", Off, Modern, "xin chaof"},
		{"", Telex, Modern, ""},
	}
	for _, c := range cases {
		t.Run(c.keys, func(t *testing.T) {
			assert.Equal(t, c.want, Apply(c.keys, c.m, c.s))
		})
	}
}

func TestKeys(t *testing.T) {
	assert.Equal(t, "Nguyeenx Vawn Dduwcs, thuowr", Keys("Nguyễn Văn Đức, thuở", Telex))
	assert.Equal(t, "Nguye6n4 Va8n D9u7c1", Keys("Nguyễn Văn Đức", VNI))
	assert.Equal(t, "Nguyễn", Keys("Nguyễn", Off))
	assert.Equal(t, "xooong ddda", Keys("xoong dda", Telex), "doubled letters undo")

	// Found by FuzzKeys: a rune that is not a key cuts the text into words,
	// so the keys type it back through Apply, not as one Word.
	assert.Equal(t, "A\uFFFDAAA", Keys("A\uFFFDAA", Telex))
	assert.Equal(t, "A\uFFFDAA", Apply(Keys("A\uFFFDAA", Telex), Telex, Modern))
}
