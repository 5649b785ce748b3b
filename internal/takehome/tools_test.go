package takehome

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// popplerTools are the poppler-utils programs the tests read cards with.
var popplerTools = []string{"pdftoppm", "pdftotext", "pdfinfo"}

// installPoppler tries once to install poppler-utils when a tool is
// missing, the way `make test-deps` would.
var installPoppler = sync.OnceValue(func() string {
	for _, tool := range popplerTools {
		if _, err := exec.LookPath(tool); err == nil {
			continue
		}
		out, err := exec.Command("../../scripts/apt-need.sh", "poppler-utils").CombinedOutput()
		if err != nil {
			return string(out) + err.Error()
		}
		break
	}
	for _, tool := range popplerTools {
		if _, err := exec.LookPath(tool); err != nil {
			return tool + " not found after installing poppler-utils"
		}
	}
	return ""
})

// needPoppler skips the test, saying why, when the poppler tools cannot be
// installed.
func needPoppler(t testing.TB) {
	t.Helper()
	if why := installPoppler(); why != "" {
		t.Skipf("this test reads the PDF with poppler-utils (pdftoppm, pdftotext, "+
			"pdfinfo), which could not be installed: %s", why)
	}
}

// writePDF writes pdf to a temporary file and returns its path.
func writePDF(t testing.TB, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "card.pdf")
	require.NoError(t, os.WriteFile(path, pdf, 0o644))
	return path
}

// run runs a tool and returns its standard output.
func run(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "%s %v: %s", name, args, stderr.String())
	return out
}

// pdfText is the text of the PDF at path as pdftotext -layout reads it.
func pdfText(t testing.TB, path string) string {
	t.Helper()
	return string(run(t, "pdftotext", "-layout", "-enc", "UTF-8", path, "-"))
}

// pdfReadingText is the text of the PDF at path in reading order, each
// column on its own, as pdftotext reads it without -layout: for text set
// beside the QR code.
func pdfReadingText(t testing.TB, path string) string {
	t.Helper()
	return string(run(t, "pdftotext", "-enc", "UTF-8", path, "-"))
}

// pdfPageText is the text of page n (from 1) of the PDF at path.
func pdfPageText(t testing.TB, path string, n int) string {
	t.Helper()
	p := strconv.Itoa(n)
	return string(run(t, "pdftotext", "-layout", "-enc", "UTF-8", "-f", p, "-l", p, path, "-"))
}

// pdfInfo holds what pdfinfo says about a PDF.
type pdfInfo struct {
	pages int
	// width and height are the first page's size in points.
	width, height float64
}

// infoLine matches the lines of pdfinfo output the tests use.
var (
	pagesLine = regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`)
	sizeLine  = regexp.MustCompile(`(?m)^Page size:\s+([\d.]+) x ([\d.]+) pts`)
)

// info runs pdfinfo on the PDF at path.
func info(t testing.TB, path string) pdfInfo {
	t.Helper()
	out := string(run(t, "pdfinfo", path))
	pm := pagesLine.FindStringSubmatch(out)
	sm := sizeLine.FindStringSubmatch(out)
	require.NotNil(t, pm, out)
	require.NotNil(t, sm, out)
	var in pdfInfo
	in.pages, _ = strconv.Atoi(pm[1])
	in.width, _ = strconv.ParseFloat(sm[1], 64)
	in.height, _ = strconv.ParseFloat(sm[2], 64)
	return in
}

// render rasterises page n (from 1) of the PDF at path with pdftoppm at
// dpi dots per inch; crop, when not nil, is the part to keep in pixels.
func render(t testing.TB, path string, n, dpi int, crop *image.Rectangle) image.Image {
	t.Helper()
	p := strconv.Itoa(n)
	args := []string{"-r", strconv.Itoa(dpi), "-png", "-f", p, "-l", p, "-singlefile"}
	if crop != nil {
		args = append(args, "-x", strconv.Itoa(crop.Min.X), "-y", strconv.Itoa(crop.Min.Y),
			"-W", strconv.Itoa(crop.Dx()), "-H", strconv.Itoa(crop.Dy()))
	}
	out := filepath.Join(t.TempDir(), "page")
	run(t, "pdftoppm", append(args, path, out)...)
	data, err := os.ReadFile(out + ".png")
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(data))
	require.NoError(t, err)
	return img
}
