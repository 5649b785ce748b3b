package attach

import (
	"bytes"
	"compress/zlib"
	"io"
	"strconv"
)

// Bounds of PageCount's reading, so a hostile file costs little: how far a
// page-tree dictionary may reach from its /Type entry, how many tree nodes
// and compressed object streams are read, how much is decompressed in all,
// and the most pages believed.
const (
	dictReach     = 64 << 10
	maxPageNodes  = 1000
	maxObjStreams = 256
	maxInflated   = 16 << 20
	maxPages      = 100_000
)

// PageCount returns the number of pages of the PDF in data, or 0 when it
// cannot tell. It does not render or fully parse the PDF: it finds the
// root of the page tree (the /Type /Pages dictionary without a /Parent) and
// reads its /Count, the last one in the file winning as later updates
// replace earlier ones. Dictionaries kept in compressed object streams
// (/Type /ObjStm, Flate) are decompressed and read the same way.
func PageCount(data []byte) int {
	budget := maxInflated
	n, found := pageRoot(data, &budget, true)
	if !found || n <= 0 || n > maxPages {
		return 0
	}
	return n
}

// pageRoot returns the /Count of the last page-tree root in data, reading
// object streams too when streams is true.
func pageRoot(data []byte, budget *int, streams bool) (count int, found bool) {
	nodes, objStms := 0, 0
	for at := 0; ; {
		i, name := nextType(data, at)
		if i < 0 {
			return count, found
		}
		at = i + 1
		start, end := enclosingDict(data, i)
		if start < 0 {
			continue
		}
		dict := data[start:end]
		switch name {
		case "Pages":
			if nodes++; nodes > maxPageNodes {
				return count, found
			}
			if _, hasParent := topKey(dict, "Parent"); hasParent {
				continue
			}
			if v, ok := topKey(dict, "Count"); ok {
				if n, err := strconv.Atoi(v); err == nil {
					count, found = n, true
				}
			}
		case "ObjStm":
			if !streams || !bytes.Contains(dict, []byte("/FlateDecode")) {
				continue
			}
			if objStms++; objStms > maxObjStreams {
				return count, found
			}
			inner := inflateAfter(data, end, budget)
			if n, ok := pageRoot(inner, budget, false); ok {
				count, found = n, true
			}
		}
	}
}

// nextType finds the next "/Type /Pages" or "/Type /ObjStm" at or after
// at, and returns where its "/Type" starts and which name it is, or -1.
func nextType(data []byte, at int) (int, string) {
	for at < len(data) {
		j := bytes.Index(data[at:], []byte("/Type"))
		if j < 0 {
			return -1, ""
		}
		i := at + j
		k := skipSpace(data, i+len("/Type"))
		for _, name := range []string{"Pages", "ObjStm"} {
			tok := "/" + name
			if bytes.HasPrefix(data[k:], []byte(tok)) && endsName(data, k+len(tok)) {
				return i, name
			}
		}
		at = i + 1
	}
	return -1, ""
}

// endsName reports whether a PDF name ends before data[i].
func endsName(data []byte, i int) bool {
	if i >= len(data) {
		return true
	}
	return bytes.IndexByte([]byte(" \t\r\n\f\x00/<>[]()%"), data[i]) >= 0
}

// skipSpace returns the first index at or after i that is not PDF white
// space.
func skipSpace(data []byte, i int) int {
	for i < len(data) && bytes.IndexByte([]byte(" \t\r\n\f\x00"), data[i]) >= 0 {
		i++
	}
	return i
}

// enclosingDict returns the bounds of the innermost "<< ... >>" around i,
// the end just past ">>", or -1, -1 when there is none within dictReach.
// Strings are not told apart from the rest: a "<<" inside one can mislead
// it, which at worst gives no count.
func enclosingDict(data []byte, i int) (start, end int) {
	start = -1
	for j, depth := i-1, 0; j > 0 && j >= i-dictReach; j-- {
		switch {
		case data[j-1] == '>' && data[j] == '>':
			depth++
			j--
		case data[j-1] == '<' && data[j] == '<':
			if depth == 0 {
				start = j - 1
			} else {
				depth--
				j--
			}
		}
		if start >= 0 {
			break
		}
	}
	if start < 0 {
		return -1, -1
	}
	limit := min(len(data), start+2*dictReach)
	for j, depth := start+2, 0; j+1 < limit; j++ {
		switch {
		case data[j] == '<' && data[j+1] == '<':
			depth++
			j++
		case data[j] == '>' && data[j+1] == '>':
			if depth == 0 {
				return start, j + 2
			}
			depth--
			j++
		}
	}
	return -1, -1
}

// topKey returns the value token of /key at the top level of dict (which
// starts with "<<"): a number, or the first word of a reference ("12" of
// "12 0 R"); found is true when the key is there at all.
func topKey(dict []byte, key string) (value string, found bool) {
	tok := []byte("/" + key)
	depth := 0
	for j := 0; j+1 < len(dict); j++ {
		switch {
		case dict[j] == '<' && dict[j+1] == '<':
			depth++
			j++
			continue
		case dict[j] == '>' && dict[j+1] == '>':
			depth--
			j++
			continue
		}
		if depth != 1 || !bytes.HasPrefix(dict[j:], tok) || !endsName(dict, j+len(tok)) {
			continue
		}
		k := skipSpace(dict, j+len(tok))
		e := k
		for e < len(dict) && dict[e] >= '0' && dict[e] <= '9' {
			e++
		}
		return string(dict[k:e]), true
	}
	return "", false
}

// inflateAfter decompresses the Flate stream that follows a dictionary
// ending at end ("stream", an end of line, then the data), taking at most
// what is left of budget. A stream that is cut or damaged gives what could
// be read.
func inflateAfter(data []byte, end int, budget *int) []byte {
	k := skipSpace(data, end)
	if !bytes.HasPrefix(data[k:], []byte("stream")) || *budget <= 0 {
		return nil
	}
	k += len("stream")
	if k < len(data) && data[k] == '\r' {
		k++
	}
	if k < len(data) && data[k] == '\n' {
		k++
	}
	zr, err := zlib.NewReader(bytes.NewReader(data[k:]))
	if err != nil {
		return nil
	}
	defer zr.Close()
	out, _ := io.ReadAll(io.LimitReader(zr, int64(*budget)))
	*budget -= len(out)
	return out
}
