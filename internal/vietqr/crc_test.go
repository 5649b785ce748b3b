package vietqr

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCRCCheckValue: both implementations give the catalogued check value
// of CRC-16/CCITT-FALSE, 0x29B1 for "123456789".
func TestCRCCheckValue(t *testing.T) {
	require.Equal(t, uint16(0x29B1), crcBitwise("123456789"), "the test's own CRC")
	assert.Equal(t, uint16(0x29B1), crc16("123456789"))
	assert.Equal(t, "29B1", crcText("123456789"))
	assert.Equal(t, uint16(0xFFFF), crc16(""), "initial value, nothing to fold in")
}

// TestCRCAgreesWithBitwise: the table-driven CRC matches the bit-by-bit
// one on random bytes of every length up to 300, Vietnamese text and
// bytes above 0x7F among them.
func TestCRCAgreesWithBitwise(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 300 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		require.Equal(t, crcBitwise(string(b)), crc16(string(b)), "%x", b)
	}
	s := "Nộp phí hồ sơ Đăng ký khai sinh"
	assert.Equal(t, crcBitwise(s), crc16(s))
}

// TestCRCText: four upper-case hex digits, leading zeros kept.
func TestCRCText(t *testing.T) {
	for _, s := range []string{"", "A", "123456789", "000201010211"} {
		got := crcText(s)
		assert.Regexp(t, `^[0-9A-F]{4}$`, got)
		assert.Equal(t, crcBitwise(s), parseHex(t, got), s)
	}
	// A CRC below 0x1000 keeps its leading zero: the field is always 4 long.
	for i := 0; ; i++ {
		s := strconv.Itoa(i)
		if crcBitwise(s) < 0x1000 {
			assert.Equal(t, "0", crcText(s)[:1], s)
			break
		}
	}
}

// parseHex reads four hex digits.
func parseHex(t *testing.T, s string) uint16 {
	t.Helper()
	var v uint16
	for _, c := range s {
		v <<= 4
		switch {
		case c >= '0' && c <= '9':
			v |= uint16(c - '0')
		case c >= 'A' && c <= 'F':
			v |= uint16(c-'A') + 10
		default:
			t.Fatalf("not hex: %q", s)
		}
	}
	return v
}
