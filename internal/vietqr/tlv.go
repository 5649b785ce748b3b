package vietqr

import "strconv"

// field is one EMVCo data object: a two-digit id, a two-digit length and
// that many bytes of value.
type field struct {
	id  int
	val string
	// pos is the byte offset of the field's id in the whole payload.
	pos int
}

// noStop tells split to read to the end.
const noStop = -1

// split reads the data objects of s, which starts at byte base of the
// payload; path is the path of the template s is the value of, "" for the
// payload itself. It stops after the field whose id is stop and returns
// the offset in s where it stopped.
func split(s string, base int, path string, stop int) ([]field, int, error) {
	fs := make([]field, 0, 8)
	var seen [100]bool
	i := 0
	for i < len(s) {
		head := s[i:min(i+4, len(s))]
		// One byte left cannot even be an id: it is left-over garbage.
		if len(head) < 2 || !allDigits(head) {
			return nil, 0, atPos(ErrMalformed, path, base+i)
		}
		id := int(head[0]-'0')*10 + int(head[1]-'0')
		if len(head) < 4 {
			return nil, 0, atPos(ErrTruncated, join(path, id), base+i)
		}
		n := int(head[2]-'0')*10 + int(head[3]-'0')
		switch {
		case n == 0:
			return nil, 0, atPos(ErrEmpty, join(path, id), base+i)
		case i+4+n > len(s):
			return nil, 0, atPos(ErrTruncated, join(path, id), base+i)
		case seen[id]:
			return nil, 0, atPos(ErrDuplicate, join(path, id), base+i)
		}
		seen[id] = true
		fs = append(fs, field{id: id, val: s[i+4 : i+4+n], pos: base + i})
		i += 4 + n
		if id == stop {
			break
		}
	}
	return fs, i, nil
}

// allDigits reports whether s holds only ASCII digits; true for "".
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// find returns the field with id, if fs holds one.
func find(fs []field, id int) (field, bool) {
	for _, f := range fs {
		if f.id == id {
			return f, true
		}
	}
	return field{}, false
}

// join returns the path of sub-field id inside the template at path.
func join(path string, id int) string {
	if path == "" {
		return idText(id)
	}
	return path + "." + idText(id)
}

// idText writes an id as its two digits.
func idText(id int) string {
	if id < 10 {
		return "0" + strconv.Itoa(id)
	}
	return strconv.Itoa(id)
}

// appendTLV appends the data object id/value to b; the value must be 1 to
// 99 bytes, which the callers check.
func appendTLV(b []byte, id int, val string) []byte {
	b = append(b, byte('0'+id/10), byte('0'+id%10))
	b = append(b, byte('0'+len(val)/10), byte('0'+len(val)%10))
	return append(b, val...)
}
