package vietqr

// crcTable holds CRC-16/CCITT-FALSE (polynomial 0x1021, MSB first) of
// every byte value, so the checksum takes one look-up per byte.
var crcTable = func() (t [256]uint16) {
	for b := range t {
		c := uint16(b) << 8
		for range 8 {
			if c&0x8000 != 0 {
				c = c<<1 ^ 0x1021
			} else {
				c <<= 1
			}
		}
		t[b] = c
	}
	return t
}()

// crc16 returns CRC-16/CCITT-FALSE of s: initial value 0xFFFF, no
// reflection, no final XOR.
func crc16[T string | []byte](s T) uint16 {
	c := uint16(0xFFFF)
	for i := 0; i < len(s); i++ {
		c = c<<8 ^ crcTable[byte(c>>8)^s[i]]
	}
	return c
}

// hexDigits are the upper-case hex digits EMVCo writes the CRC with.
const hexDigits = "0123456789ABCDEF"

// crcText returns the CRC of s as the four upper-case hex digits that
// field 63 holds.
func crcText(s string) string {
	return string(appendCRC(make([]byte, 0, 4), crc16(s)))
}

// appendCRC appends c to b as four upper-case hex digits.
func appendCRC(b []byte, c uint16) []byte {
	for shift := 12; shift >= 0; shift -= 4 {
		b = append(b, hexDigits[c>>shift&0xF])
	}
	return b
}
