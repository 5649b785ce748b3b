package vntext

import (
	"strconv"
	"strings"
	"time"
)

// FormatPhone shows a ten-digit number starting with 0 as "0912 345 678"; anything else is
// returned as given.
func FormatPhone(p string) string {
	if len(p) != 10 || p[0] != '0' {
		return p
	}
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return p
		}
	}
	return p[:4] + " " + p[4:7] + " " + p[7:]
}

// FormatMoney shows an amount of đồng the Vietnamese way, "15.000 ₫", with a dot between
// each group of three digits and a minus sign before negative amounts.
func FormatMoney(vnd int64) string {
	digits := strconv.FormatInt(vnd, 10)
	sign := ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(d)
	}
	b.WriteString(" ₫")
	return b.String()
}

// FormatDate shows t's calendar date as dd/mm/yyyy, in t's own location.
func FormatDate(t time.Time) string {
	return t.Format("02/01/2006")
}
