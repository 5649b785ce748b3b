package printdoc

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVietnameseSurvivesPrinting: the document's words come back intact
// from pdftotext (poppler-utils, installed by make test), in NFC even
// when given in NFD.
func TestVietnameseSurvivesPrinting(t *testing.T) {
	doc := Doc{Title: "Giấy ghi nhận đồng ý", Date: time.Date(2026, 12, 4, 8, 0, 0, 0,
		time.UTC), Paras: []Para{
		{Text: "Đồng ý: Lưu thông tin trên máy này", Bold: true},
		{Text: "Nguye\u0302\u0303n", Blank: true},
		{Text: "Chữ ký của công dân", Blank: true},
	}}
	pdf, err := Write(doc)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "doc.pdf")
	require.NoError(t, os.WriteFile(path, pdf, 0o600))
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	require.NoError(t, err)
	text := string(out)
	for _, w := range []string{"Giấy ghi nhận đồng ý",
		"Đồng ý: Lưu thông tin trên máy này",
		"Nguyễn", "Chữ ký của công dân"} {
		assert.Contains(t, text, w)
	}
	_, err = Write(Doc{})
	assert.ErrorIs(t, err, ErrEmpty)
}
