package vietqr

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestASCII: the text a bank app shows for what the volunteer typed.
func TestASCII(t *testing.T) {
	tests := []struct {
		in, want string
		bad      rune
	}{
		{"Lệ phí cấp bản sao", "Le phi cap ban sao", 0},
		{"ĐĂNG KÝ KHAI SINH", "DANG KY KHAI SINH", 0},
		{"Ðổi (look-alike Ð)", "Doi (look-alike D)", 0},
		{"Nguye\u0302\u0303n decomposed", "Nguyen decomposed", 0},
		{"phí thuỷ lợi, hoà", "phi thuy loi, hoa", 0},
		{"‘a’ “b” c–d e—f", `'a' "b" c-d e-f`, 0},
		{"José Müller", "Jose Muller", 0},
		{"plain ~!@#$%^&*()", "plain ~!@#$%^&*()", 0},
		{"tab\there", "", '\t'},
		{"50€", "", '€'},
		{"😀", "", '😀'},
		{"Hà Nội 河内", "", '河'},
		{"bad \xff byte", "", '\uFFFD'},
	}
	for _, tt := range tests {
		got, bad, ok := ASCII(tt.in)
		assert.Equal(t, tt.bad == 0, ok, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		assert.Equal(t, tt.bad, bad, tt.in)
	}
}

// TestCharLabel: a character the volunteer cannot see is named by its
// code point.
func TestCharLabel(t *testing.T) {
	assert.Equal(t, "€", charLabel('€'))
	assert.Equal(t, "U+000A", charLabel('\n'))
	assert.Equal(t, "U+0020", charLabel(' '))
	assert.Equal(t, "U+0301", charLabel('\u0301'))
	assert.Equal(t, "U+FFFD", charLabel('\uFFFD'))
}
