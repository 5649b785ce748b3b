package takehome

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"tiepsuc/guides"
)

// loadFixtures loads testdata/lib once: a 12-step guide taken from the
// built-in content (without its pictures) and a 3-step guide without any
// gov.vn page.
var loadFixtures = sync.OnceValues(func() (*guides.Library, error) {
	return guides.Load(os.DirFS("testdata/lib"))
})

// fixture returns the test guide with the given id.
func fixture(t testing.TB, id string) guides.Guide {
	t.Helper()
	lib, err := loadFixtures()
	require.NoError(t, err)
	g, ok := lib.Guide(id)
	require.True(t, ok, "no test guide %s", id)
	return g
}

// birth12 is the id of the 12-step test guide.
const birth12 = "portal-birth-registration"

// printDay is the day the test cards are printed.
var printDay = time.Date(2026, 3, 9, 10, 30, 0, 0, time.UTC)

// testDesk is the desk name on the test cards.
const testDesk = "Phường Tam Hiệp – bàn 2"

// input is a card of guide g in lang on paper at step.
func input(g guides.Guide, lang string, paper Paper, step int) CardInput {
	return CardInput{Guide: g, Lang: lang, Paper: paper, Step: step, Desk: testDesk,
		Date: printDay}
}

// longGuide is a 12-step guide with every text near the longest the
// guide checker allows and four notes on each step: more than two A5
// pages hold.
func longGuide() guides.Guide {
	g := guides.Guide{
		ID: "long-test-guide",
		Title: guides.Text{VI: "Hướng dẫn dài nhất có thể để thử trang in",
			EN: "Longest guide"},
		Summary: guides.Text{VI: "Bác sẽ thấy mọi bước đều được in đủ, " +
			"không bước nào bị cắt.", EN: "x"},
		Sources: []guides.Source{{Title: "Nguồn thử", URL: "https://dichvucong.gov.vn"}},
		Checked: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
	}
	sentence := "Bác bấm vào ô tìm kiếm ở đầu trang rồi gõ tên " +
		"thủ tục thật chậm, đọc lại từng chữ trước khi bấm nút tìm."
	for i := range 12 {
		text := strings.Repeat(sentence+" ", 2) + fmt.Sprintf("Xong bước%02d.", i+1)
		s := guides.Step{
			ID: fmt.Sprintf("s%d", i+1),
			Title: guides.Text{
				VI: "Một tiêu đề bước khá dài để thử xuống dòng đúng chỗ", EN: "t"},
			Text: guides.Text{VI: text, EN: "e"},
		}
		for j := range 4 {
			s.IfWrong = append(s.IfWrong, guides.Branch{
				Problem: guides.Text{
					VI: fmt.Sprintf("Trục trặc số %d của bước này", j+1)},
				Fix: guides.Text{VI: sentence},
			})
		}
		g.Steps = append(g.Steps, s)
	}
	return g
}
