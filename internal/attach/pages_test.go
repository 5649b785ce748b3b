package attach

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// objStmPDF is a PDF whose page tree lives in a compressed object stream,
// as Acrobat, Word and many scanners write them. The stream is compressed
// with Flate whatever filter its dictionary names.
func objStmPDF(t testing.TB, pages int, filter string) []byte {
	var objs, head strings.Builder
	objs.WriteString("<< /Type /Pages /Kids [")
	for i := range pages {
		fmt.Fprintf(&objs, "%d 0 R ", 10+i)
	}
	fmt.Fprintf(&objs, "] /Count %d >>\n", pages)
	for range pages {
		objs.WriteString("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\n")
	}
	head.WriteString("2 0 ")
	var body bytes.Buffer
	zw := zlib.NewWriter(&body)
	_, err := zw.Write([]byte(head.String() + objs.String()))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	var pdf bytes.Buffer
	pdf.WriteString("%PDF-1.5\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n" +
		"endobj\n")
	fmt.Fprintf(&pdf, "5 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter %s /Length %d >>\n"+
		"stream\r\n", pages+1, head.Len(), filter, body.Len())
	pdf.Write(body.Bytes())
	pdf.WriteString("\nendstream\nendobj\nstartxref\n0\n%%EOF\n")
	return pdf.Bytes()
}

// pageCountCases builds the table shared by TestPageCount and the seeds of
// FuzzPageCount.
func pageCountCases(t testing.TB) []struct {
	name string
	data []byte
	want int
} {
	three := textPDF(t, 3)
	wrap := func(body string) []byte { return []byte("%PDF-1.4\n" + body + "\n%%EOF\n") }
	return []struct {
		name string
		data []byte
		want int
	}{
		{"one page", textPDF(t, 1), 1},
		{"three pages", three, 3},
		{"twelve pages", textPDF(t, 12), 12},
		{"page tree in a compressed object stream", objStmPDF(t, 4, "/FlateDecode"), 4},
		{"object stream in a compression not read", objStmPDF(t, 4, "/LZWDecode"), 0},
		{"a later update adds a page", append(three[:len(three):len(three)],
			"\n1 0 obj\n<< /Type /Pages /Kids [3 0 R 5 0 R 7 0 R 9 0 R] /Count 4 >>\n"+
				"endobj\n%%EOF\n"...), 4},
		{"a tree of two levels", wrap("2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 5 >>" +
			" endobj 3 0 obj << /Type /Pages /Parent 2 0 R /Count 2 >> endobj" +
			" 4 0 obj << /Type /Pages /Parent 2 0 R /Count 3 >> endobj"), 5},
		{"outlines have a count of their own", wrap("2 0 obj << /Type /Pages /Count 2 >>" +
			" endobj 9 0 obj << /Type /Outlines /Count 7 >> endobj"), 2},
		{"written without spaces", wrap("<</Type/Pages/Count 2/Kids[3 0 R 4 0 R]>>"), 2},
		{"a count inside a nested dictionary is not the tree's",
			wrap("<< /Type /Pages /Resources << /Font << /F1 5 0 R >> /Count 99 >>" +
				" /Count 3 /Kids [] >>"), 3},
		{"type before the dictionary's other entries", wrap("<< /Count 6 /Type /Pages >>"), 6},
		{"a name that only starts like Pages", wrap("<< /Type /PagesX /Count 4 >>"), 0},
		{"a count too large to believe", wrap("<< /Type /Pages /Count 1000000000 >>"), 0},
		{"a root with no count", wrap("<< /Type /Pages /Kids [] >>"), 0},
		{"a dictionary never closed", wrap("<< /Type /Pages /Count 2"), 0},
		{"not a pdf", []byte("Xin chào"), 0},
		{"empty", nil, 0},
	}
}

func TestPageCount(t *testing.T) {
	for _, c := range pageCountCases(t) {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, PageCount(c.data))
		})
	}
}

func FuzzPageCount(f *testing.F) {
	for _, c := range pageCountCases(f) {
		f.Add(c.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n := PageCount(data)
		require.GreaterOrEqual(t, n, 0)
		require.LessOrEqual(t, n, maxPages)
	})
}
