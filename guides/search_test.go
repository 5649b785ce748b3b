package guides

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// step returns a step object for a sample guide.
func step(id, titleVI, titleEN, textVI, textEN string) map[string]any {
	return map[string]any{
		"id":    id,
		"title": map[string]any{"vi": titleVI, "en": titleEN},
		"text":  map[string]any{"vi": textVI, "en": textEN},
	}
}

// searchLibrary is a small library whose words are placed to test ranking.
func searchLibrary(t *testing.T) *Library {
	t.Helper()
	guide := func(id, cat, titleVI, titleEN, sumVI, sumEN string,
		steps ...map[string]any) *fstest.MapFile {
		data := sample(t, func(g map[string]any) {
			g["id"] = id
			g["category"] = cat
			g["title"] = map[string]any{"vi": titleVI, "en": titleEN}
			g["summary"] = map[string]any{"vi": sumVI, "en": sumEN}
			list := make([]any, len(steps))
			for i, s := range steps {
				list[i] = s
			}
			g["steps"] = list
		})
		return &fstest.MapFile{Data: data}
	}
	lib, err := Load(fstest.MapFS{
		"birth.json": guide("birth", CategoryPortal,
			"Đăng ký khai sinh", "Register a birth",
			"Bác sẽ nộp hồ sơ cho cháu.", "You will send the child's dossier.",
			step("log-in", "Đăng nhập bằng VNeID", "Log in with VNeID",
				"Bác nhập mật khẩu.", "Type your password."),
			step("pay", "Trả lệ phí", "Pay the fee",
				"Bác quét mã QR.", "Scan the QR code.")),
		"password.json": guide("password", CategoryVNeID,
			"Quên mật khẩu VNeID", "Forgot the VNeID password",
			"Bác sẽ có mật khẩu mới.", "You will have a new password.",
			step("open", "Mở ứng dụng", "Open the app",
				"Bác mở VNeID.", "Open VNeID."),
			step("otp", "Nhập mã OTP", "Enter the code",
				"Không đọc mã cho ai.", "Never tell the code to anyone.")),
		"activate.json": guide("activate", CategoryVNeID,
			"Kích hoạt tài khoản", "Activate the account",
			"Bác sẽ đăng ký xong tài khoản Hoà Bình.", "You will finish registering.",
			step("read", "Đọc tin nhắn", "Read the message",
				"Bác xem tin nhắn có mật khẩu tạm.", "Read the text with a password."),
			step("change", "Đổi mật khẩu", "Change the password",
				"Bác đặt mật khẩu mới.", "Choose a new password.")),
		"scam.json": guide("scam", CategorySafety,
			"Cuộc gọi xin mã", "Calls asking for a code",
			"Bác sẽ biết cách tắt máy.", "You will know to hang up.",
			step("hang-up", "Tắt máy", "Hang up",
				"Bác tắt máy ngay, kể cả khi người gọi xưng là công an Đồng Nai.",
				"Hang up at once, even if the caller says they are the police.")),
	})
	require.NoError(t, err)
	return lib
}

// hitLine is a hit as a test reads it: guide, place and step id.
type hitLine struct {
	Guide string
	Where Match
	Step  string
}

func TestSearch(t *testing.T) {
	lib := searchLibrary(t)

	cases := []struct {
		name  string
		query string
		lang  string
		want  []hitLine
	}{
		{"without accents finds the accented title", "dang ky", "vi",
			[]hitLine{{"birth", MatchTitle, ""}, {"activate", MatchSummary, ""}}},
		{"accents and case are ignored", "ĐĂNG KÝ", "vi",
			[]hitLine{{"birth", MatchTitle, ""}, {"activate", MatchSummary, ""}}},
		{"extra spaces and punctuation are ignored", "  đăng,   ký! ", "vi",
			[]hitLine{{"birth", MatchTitle, ""}, {"activate", MatchSummary, ""}}},
		{"a word's start matches", "kich ho", "vi",
			[]hitLine{{"activate", MatchTitle, ""}}},
		{"the middle of a word does not", "ich", "vi", nil},
		{"every word must match", "dang ky ket hon", "vi", nil},
		{"title before summary before step, naming the step", "mat khau", "vi",
			[]hitLine{
				{"password", MatchTitle, ""},
				{"activate", MatchStepTitle, "change"},
				{"birth", MatchStepText, "log-in"},
			}},
		{"a step counts its guide's title", "vneid otp", "vi",
			[]hitLine{{"password", MatchStepTitle, "otp"}}},
		{"a whole word ranks before a word's start", "ma", "vi",
			[]hitLine{
				{"scam", MatchTitle, ""},
				{"password", MatchTitle, ""},
				{"activate", MatchStepTitle, "change"},
				{"birth", MatchStepText, "log-in"},
			}},
		{"tone placement does not matter", "hòa bình", "vi",
			[]hitLine{{"activate", MatchSummary, ""}}},
		{"đ look-alike Ð matches", "ÐỒNG NAI", "vi",
			[]hitLine{{"scam", MatchStepText, "hang-up"}}},
		{"english searches the english texts", "password", "en",
			[]hitLine{
				{"password", MatchTitle, ""},
				{"activate", MatchStepTitle, "change"},
				{"birth", MatchStepText, "log-in"},
			}},
		{"english prefix and case", "REG", "en",
			[]hitLine{{"birth", MatchTitle, ""}, {"activate", MatchSummary, ""}}},
		{"an english tag searches english", "hang", "en-GB",
			[]hitLine{{"scam", MatchSummary, ""}}},
		{"vietnamese words are not in the english texts", "mat khau", "en", nil},
		{"english words are not in the vietnamese texts", "password", "vi", nil},
		{"empty query finds nothing", "", "vi", nil},
		{"punctuation alone finds nothing", " .,!? ", "vi", nil},
		{"short words match", "qr", "vi", []hitLine{{"birth", MatchStepText, "pay"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []hitLine
			for _, h := range lib.Search(c.query, c.lang) {
				got = append(got, hitLine{h.GuideID, h.Where, h.StepID})
			}
			assert.Equal(t, c.want, got)
		})
	}
}

func TestSearchHitNamesTheStepForTheScreen(t *testing.T) {
	lib := searchLibrary(t)

	hits := lib.Search("ma otp", "vi")
	require.Len(t, hits, 1)
	assert.Equal(t, Hit{
		GuideID: "password", Title: "Quên mật khẩu VNeID", Where: MatchStepTitle,
		Step: 2, StepID: "otp", StepTitle: "Nhập mã OTP",
	}, hits[0])

	hits = lib.Search("khai sinh", "en")
	assert.Empty(t, hits, "the English texts do not say khai sinh")
	hits = lib.Search("birth", "en")
	require.Len(t, hits, 1)
	assert.Equal(t, Hit{GuideID: "birth", Title: "Register a birth", Where: MatchTitle}, hits[0])
}

func TestSearchFromManyGoroutinesAgrees(t *testing.T) {
	lib := searchLibrary(t)
	want := lib.Search("mat khau", "vi")
	require.Len(t, want, 3)

	fresh := searchLibrary(t)
	results := make(chan []Hit, 8)
	for range 8 {
		go func() { results <- fresh.Search("mat khau", "vi") }()
	}
	for range 8 {
		assert.Equal(t, want, <-results)
	}
}

func TestSearchBuiltinGuides(t *testing.T) {
	lib, err := Builtin()
	require.NoError(t, err)

	cases := []struct {
		query, lang, first string
	}{
		{"dang ky khai sinh", "vi", "portal-birth-registration"},
		{"quen mat khau", "vi", "vneid-forgot-password"},
		{"forgot password", "en", "vneid-forgot-password"},
		{"dien thoai moi", "vi", "vneid-new-phone"},
		{"vietqr", "vi", "pay-vietqr"},
		{"apk", "vi", "safety-apps-outside-store"},
		{"lua dao otp", "vi", "safety-otp-calls"},
		{"muc 2", "vi", "vneid-check-level"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			hits := lib.Search(c.query, c.lang)
			require.NotEmpty(t, hits)
			assert.Equal(t, c.first, hits[0].GuideID)
		})
	}
}

func BenchmarkSearchBuiltin(b *testing.B) {
	lib, err := Builtin()
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		lib.Search("dang ky tai khoan", "vi")
	}
}
