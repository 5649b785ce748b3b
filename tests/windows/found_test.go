package windows

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFound checks how OCR text is matched: read with marks, a phrase whose
// marks were lost or wrong is not found; folded, it is.
func TestFound(t *testing.T) {
	want := []string{"Thiết lập bàn hỗ trợ", "Nhập lại mã PIN"}
	tests := []struct {
		name  string
		text  string
		marks bool
		found []string
	}{
		{"marks read", "THIẾT LẬP  BÀN\nHỖ TRỢ · Nhập lại mã PIN", true, want},
		{"decomposed marks (NFD)", "Nha\u0302\u0323p la\u0323i ma\u0303 PIN", true,
			[]string{"Nhập lại mã PIN"}},
		{"marks lost", "Thiet lap ban ho tro\nNhap lai ma PIN", true, nil},
		{"a wrong mark", "Thiết lập bàn hồ trợ", true, nil},
		{"folded, marks lost", "Thiet lap ban ho tro\nNhap lai ma PIN", false, want},
		{"folded, not there", "Đăng nhập", false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.found, found(tc.text, want, tc.marks))
		})
	}
}
