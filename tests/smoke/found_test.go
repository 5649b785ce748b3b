package smoke

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestScreenFound checks how OCR text is matched: a screen read with marks
// must not pass on text whose marks were lost or wrong, and a folded one
// must not fail on them.
func TestScreenFound(t *testing.T) {
	marked := screen{phrases: []string{"Thiết lập bàn hỗ trợ", "Nhập lại mã PIN"},
		marks: true}
	folded := screen{phrases: []string{"Tiếp đón", "Hồ sơ nháp"}}
	tests := []struct {
		name string
		s    screen
		text string
		want []string
	}{
		{"marks read", marked, "Thiết lập bàn hỗ trợ\n\nNhập lại mã PIN",
			[]string{"Thiết lập bàn hỗ trợ", "Nhập lại mã PIN"}},
		{"other case and spaces", marked, "THIẾT LẬP  BÀN\nHỖ TRỢ",
			[]string{"Thiết lập bàn hỗ trợ"}},
		{"decomposed marks (NFD)", marked, "Nha\u0302\u0323p la\u0323i ma\u0303 PIN",
			[]string{"Nhập lại mã PIN"}},
		{"marks lost", marked, "Thiet lap ban ho tro\nNhap lai ma PIN", nil},
		{"a wrong mark", marked, "Thiết lập bàn hồ trợ", nil},
		{"folded, marks lost", folded, "Tiep don cong dan\nHo so nhap",
			[]string{"Tiếp đón", "Hồ sơ nháp"}},
		{"folded, marks wrong", folded, "Tiếp đòn", []string{"Tiếp đón"}},
		{"folded, not there", folded, "Đăng nhập", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.s.found(tc.text))
		})
	}
}
