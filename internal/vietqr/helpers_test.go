package vietqr

import (
	"fmt"
	"strings"
)

// crcBitwise is CRC-16/CCITT-FALSE computed one bit at a time, the way
// the standard describes it, so the tests do not trust the package's
// table-driven crc16 to check itself.
func crcBitwise(s string) uint16 {
	reg := uint32(0xFFFF)
	for _, c := range []byte(s) {
		for bit := 7; bit >= 0; bit-- {
			in := uint32(c>>bit) & 1
			top := reg >> 15 & 1
			reg = reg << 1 & 0xFFFF
			if top^in == 1 {
				reg ^= 0x1021
			}
		}
	}
	return uint16(reg)
}

// tlv writes one data object: id, length in bytes, value.
func tlv(id, val string) string {
	return fmt.Sprintf("%s%02d%s", id, len(val), val)
}

// withCRC ends a payload with field 63, computed by crcBitwise.
func withCRC(parts ...string) string {
	s := strings.Join(parts, "") + "6304"
	return s + fmt.Sprintf("%04X", crcBitwise(s))
}

// account writes template 38 for a BIN, number and service.
func account(bin, number, service string) string {
	return tlv("38", tlv("00", "A000000727")+
		tlv("01", tlv("00", bin)+tlv("01", number))+
		tlv("02", service))
}

// Common fields of the test payloads.
var (
	pfi     = tlv("00", "01")
	static  = tlv("01", "11")
	dynamic = tlv("01", "12")
	vnd     = tlv("53", "704")
	vn      = tlv("58", "VN")
)

// purpose writes template 62 holding the purpose 62/08.
func purpose(s string) string { return tlv("62", tlv("08", s)) }

// bank returns the bank list's entry for bin, or the zero Bank.
func bank(bin string) Bank {
	b, _ := BankByBIN(bin)
	return b
}
