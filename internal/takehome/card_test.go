package takehome

import (
	"fmt"
	"image"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"
)

// printCard prints in and writes it to a temporary file.
func printCard(t testing.TB, in CardInput) string {
	t.Helper()
	pdf, err := Card(in)
	require.NoError(t, err)
	return writePDF(t, pdf)
}

func TestCardPaperSizes(t *testing.T) {
	needPoppler(t)
	g := fixture(t, birth12)
	const mmToPt = 72 / 25.4
	for _, tc := range []struct {
		paper Paper
		w, h  float64
	}{{A5, 148, 210}, {A4, 210, 297}} {
		t.Run(tc.paper.String(), func(t *testing.T) {
			in := info(t, printCard(t, input(g, "vi", tc.paper, 1)))
			assert.InDelta(t, tc.w*mmToPt, in.width, 0.5)
			assert.InDelta(t, tc.h*mmToPt, in.height, 0.5)
		})
	}
}

func TestCardVietnameseTextIntact(t *testing.T) {
	needPoppler(t)
	g := fixture(t, birth12)
	// A desk name typed on a computer that writes decomposed marks (NFD).
	in := input(g, "vi", A5, 4)
	in.Desk = norm.NFD.String(testDesk)
	path := printCard(t, in)
	text := pdfText(t, path)

	require.True(t, norm.NFC.IsNormalString(text), "the card's text must read back in NFC")
	for _, want := range []string{
		norm.NFC.String(g.Title.VI), "Bước 1.", "Bước 12.", "định danh",
		"Đăng nhập bằng VNeID",
		"Bàn hỗ trợ: " + testDesk, "Ngày: 09/03/2026", "Kiểm tra lần cuối: 04/12/2026",
		"Nghị định 69/2024/NĐ-CP", "Mã hướng dẫn: " + GuideCode(g.ID) + "-4",
	} {
		assert.Contains(t, text, want)
	}
	assert.Contains(t, oneLine(pdfReadingText(t, path)), "Quét mã để mở trang chính thức")

	fonts := string(run(t, "pdffonts", path))
	assert.Regexp(t, `(?m)^\S+\s+CID TrueType\s+Identity-H\s+yes\s`, fonts,
		"the font must be embedded")
	assert.NotRegexp(t, `(?m)\s+no\s+\S+\s+\S+\s+\d+\s+0$`, fonts, "every font embedded")
}

func TestCardEnglish(t *testing.T) {
	needPoppler(t)
	g := fixture(t, birth12)
	text := pdfText(t, printCard(t, input(g, "en", A5, 2)))
	for _, want := range []string{g.Title.EN, "Step 1.", "You are here", "Guide code: ",
		"Help desk: " + testDesk, "Page 1 of 2"} {
		assert.Contains(t, text, want)
	}
	assert.NotContains(t, text, "Bước")
}

func TestCardProgress(t *testing.T) {
	needPoppler(t)
	g := fixture(t, birth12)
	here, legend := "Bác đang ở bước này", "Đã làm tại bàn hỗ trợ"

	t.Run("the step reached is marked, after the steps done", func(t *testing.T) {
		text := pdfText(t, printCard(t, input(g, "vi", A5, 4)))
		require.Equal(t, 1, strings.Count(text, here))
		at := strings.Index(text, here)
		assert.Less(t, strings.Index(text, "Bước 3."), at)
		assert.Less(t, at, strings.Index(text, "Bước 4."))
		assert.Contains(t, text, legend)
	})
	t.Run("not started: no mark and no legend", func(t *testing.T) {
		text := pdfText(t, printCard(t, input(g, "vi", A5, 0)))
		assert.NotContains(t, text, here)
		assert.NotContains(t, text, legend)
	})
	t.Run("all done: every box ticked, no mark", func(t *testing.T) {
		text := pdfText(t, printCard(t, input(g, "vi", A5, len(g.Steps)+1)))
		assert.NotContains(t, text, here)
		assert.Contains(t, text, legend)
	})
	t.Run("more steps done, more ticked boxes", func(t *testing.T) {
		blue := func(step int) int {
			return bluePixels(render(t, printCard(t, input(g, "vi", A5, step)), 1, 72, nil))
		}
		one, four := blue(1), blue(4)
		// Three more ticked boxes of about 5 × 5 mm, 14 × 14 px each at 72 dpi.
		assert.Greater(t, four-one, 3*100, "step 1: %d blue pixels, step 4: %d", one, four)
	})
}

// oneLine joins the lines of text with spaces.
func oneLine(text string) string {
	return strings.Join(strings.Fields(text), " ")
}

// bluePixels counts the pixels of img in the desk's blue, as the ticked
// boxes are drawn.
func bluePixels(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 < 90 && g>>8 < 130 && bl>>8 > 170 {
				n++
			}
		}
	}
	return n
}

// darkShare is the share of pixels of img darker than mid grey.
func darkShare(img image.Image) float64 {
	dark, all := 0, 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0x8000 {
				dark++
			}
			all++
		}
	}
	return float64(dark) / float64(all)
}

func TestCardPagesAreNotBlank(t *testing.T) {
	needPoppler(t)
	g := fixture(t, birth12)
	for _, paper := range []Paper{A5, A4} {
		path := printCard(t, input(g, "vi", paper, 4))
		pages := info(t, path).pages
		require.Equal(t, 2, pages)
		for n := 1; n <= pages; n++ {
			share := darkShare(render(t, path, n, 72, nil))
			// Text covers a few per cent of a printed page; a page of only
			// rules and a footer stays well under one per cent.
			assert.Greater(t, share, 0.03, "%v page %d looks blank", paper, n)
			assert.Less(t, share, 0.4, "%v page %d is mostly dark", paper, n)
		}
	}
}

func TestCardQRCodeReadsBack(t *testing.T) {
	needPoppler(t)
	for _, tc := range []struct {
		name  string
		guide string
		paper Paper
		want  func(code string) string
	}{
		{"official page on A5", birth12, A5, func(string) string { return "https://dichvucong.gov.vn" }},
		{"official page on A4", birth12, A4, func(string) string { return "https://dichvucong.gov.vn" }},
		{"short code", "safety-otp-call", A5, func(code string) string { return code }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := fixture(t, tc.guide)
			in := input(g, "vi", tc.paper, 2)
			path := printCard(t, in)
			_, code := GuideLink(g, 2)

			got := readQR(t, path, tc.paper)
			assert.Equal(t, tc.want(code), got)
			if got == code {
				assert.Contains(t, oneLine(pdfReadingText(t, path)),
					"Bàn hỗ trợ quét mã này để mở lại hướng dẫn")
			}
		})
	}
}

// readQR crops the QR code out of page 1 of the card at path, as drawn on
// paper, and decodes it.
func readQR(t *testing.T, path string, paper Paper) string {
	t.Helper()
	const dpi = 300
	sh := sheets[paper]
	px := func(mm float64) int { return int(math.Round(mm * dpi / 25.4)) }
	x, y := sh.w-sh.margin-sh.qr, sh.margin
	crop := image.Rect(px(x), px(y), px(x+sh.qr), px(y+sh.qr))
	img := render(t, path, 1, dpi, &crop)

	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	require.NoError(t, err)
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, hints)
	require.NoError(t, err, "the QR code on the card must decode")
	return res.GetText()
}

func TestTwelveStepsFitTwoA5Pages(t *testing.T) {
	needPoppler(t)
	g := fixture(t, birth12)
	require.Len(t, g.Steps, 12)
	for _, lang := range languages {
		for _, step := range []int{0, 1, 6, 12, 13} {
			t.Run(fmt.Sprintf("%s step %d", lang, step), func(t *testing.T) {
				path := printCard(t, input(g, lang, A5, step))
				assert.LessOrEqual(t, info(t, path).pages, 2)
				assert.Contains(t, pdfText(t, path), g.Steps[11].Title.In(lang))
			})
		}
	}
}

// wordBox matches a word of pdftotext -bbox output.
var wordBox = regexp.MustCompile(
	`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

func TestLongGuideFlowsOntoMorePages(t *testing.T) {
	needPoppler(t)
	g := longGuide()
	path := printCard(t, input(g, "vi", A5, 5))
	pages := info(t, path).pages
	require.GreaterOrEqual(t, pages, 2)

	text := pdfText(t, path)
	for i := range g.Steps {
		assert.Contains(t, text, fmt.Sprintf("Bước %d.", i+1))
		assert.Contains(t, text, fmt.Sprintf("bước%02d.", i+1), "step %d is cut short", i+1)
	}
	for n := 1; n <= pages; n++ {
		assert.Contains(t, pdfPageText(t, path, n), fmt.Sprintf("Trang %d/%d", n, pages))
	}

	// Every word lies inside the page's margins: nothing runs off the paper
	// or into the footer of another step.
	const mmToPt = 72 / 25.4
	sh := sheets[A5]
	lo, hiX, hiY := sh.margin*mmToPt-1, (sh.w-sh.margin)*mmToPt+1, (sh.h-sh.margin)*mmToPt+1
	boxes := wordBox.FindAllStringSubmatch(string(run(t, "pdftotext", "-bbox", path, "-")), -1)
	require.NotEmpty(t, boxes)
	for _, m := range boxes {
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+1], 64)
		}
		inside := v[0] >= lo && v[1] >= lo && v[2] <= hiX && v[3] <= hiY
		assert.True(t, inside, "word %q at %v is outside the margins", m[5], v)
	}
}

func TestCardSameInputSamePrint(t *testing.T) {
	// A card printed again for the same visit reads and looks the same,
	// whenever and wherever it is printed. (The bytes may differ: the PDF
	// library writes the font subset's tables in map order.)
	in := input(fixture(t, birth12), "vi", A5, 3)
	first, err := Card(in)
	require.NoError(t, err)
	again, err := Card(in)
	require.NoError(t, err)
	a, b := writePDF(t, first), writePDF(t, again)
	assert.Equal(t, string(run(t, "pdftotext", "-layout", a, "-")),
		string(run(t, "pdftotext", "-layout", b, "-")))
	for page := 1; page <= 2; page++ {
		assert.Equal(t, render(t, a, page, 72, nil), render(t, b, page, 72, nil),
			"page %d looks the same", page)
	}
}

func TestCardRefusesWhatItCannotPrint(t *testing.T) {
	g := fixture(t, birth12)
	for _, tc := range []struct {
		name   string
		change func(*CardInput)
	}{
		{"unknown language", func(c *CardInput) { c.Lang = "fr" }},
		{"unknown paper", func(c *CardInput) { c.Paper = Paper(7) }},
		{"no steps", func(c *CardInput) { c.Guide.Steps = nil }},
		{"negative step", func(c *CardInput) { c.Step = -1 }},
		{"step past the end", func(c *CardInput) { c.Step = 14 }},
		{"no date", func(c *CardInput) { c.Date = time.Time{} }},
		{"QR text too long for a QR code", func(c *CardInput) {
			c.QR = "https://dichvucong.gov.vn/" + strings.Repeat("a", 3000)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := input(g, "vi", A5, 1)
			tc.change(&in)
			_, err := Card(in)
			assert.ErrorIs(t, err, ErrInput)
		})
	}
}

func TestCardCarriesHandOffCode(t *testing.T) {
	// The citizen's card names her draft by its hand-off code, so any desk
	// of the center can open it again; a card without a draft has none.
	in := input(fixture(t, birth12), "vi", A5, 3)
	in.HandOff = "HS-7K3Q-9MPX"
	pdf, err := Card(in)
	require.NoError(t, err)
	text := string(run(t, "pdftotext", "-layout", writePDF(t, pdf), "-"))
	assert.Contains(t, text, "Mã hồ sơ nháp: HS-7K3Q-9MPX")
	in.HandOff = ""
	pdf, err = Card(in)
	require.NoError(t, err)
	assert.NotContains(t, string(run(t, "pdftotext", "-layout", writePDF(t, pdf), "-")),
		"Mã hồ sơ nháp")
}
