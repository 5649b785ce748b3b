package citizen

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckAddress(t *testing.T) {
	cases := []struct {
		name, in string
		want     []Problem
	}{
		{"street address", "Số 12, đường 30 Tháng 4, phường Trấn Biên, Đồng Nai", nil},
		{"hamlet and commune", "Ấp 3, xã Xuân Lộc, Đồng Nai", nil},
		{"house number and street only", "45 Võ Thị Sáu", nil},
		{"not filled in", "", nil},
		{"only spaces", "   ", nil},
		{"hamlet number alone", "Ấp 3", []Problem{prob(Error, "citizen.address.short")}},
		{"a few letters", "HCM", []Problem{prob(Error, "citizen.address.short")}},
		{"only a house number", "123", []Problem{prob(Error, "citizen.address.noletters")}},
		{"numbers and slashes", "12/3/4 - 56", []Problem{
			prob(Error, "citizen.address.noletters")}},
		{"dots", ".....", []Problem{prob(Error, "citizen.address.noletters")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := CheckAddress(c.in)
			assert.Equal(t, c.want, got)
			assertReadable(t, got)
		})
	}
}

func FuzzCheckAddress(f *testing.F) {
	for _, s := range []string{"Ấp 3, xã Xuân Lộc", "123", "Ấp 3", "\xff\xfe", "....."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := CheckAddress(s)
		assertReadable(t, got)
		assert.LessOrEqual(t, len(got), 1)
	})
}
