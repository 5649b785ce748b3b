package vietqr

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBankList: every bank has a 6-digit BIN of its own and both names,
// so a volunteer choosing the center's bank never meets a blank or two
// banks behind one code.
func TestBankList(t *testing.T) {
	banks, err := Banks()
	require.NoError(t, err)
	require.NotEmpty(t, banks)

	seen := map[string]string{}
	short := map[string]string{}
	for _, b := range banks {
		assert.Regexp(t, `^[0-9]{6}$`, b.BIN, b.ShortName)
		assert.NotEmpty(t, b.ShortName, b.BIN)
		assert.NotEmpty(t, b.Name, b.BIN)
		if other, ok := seen[b.BIN]; ok {
			t.Errorf("BIN %s is both %s and %s", b.BIN, other, b.ShortName)
		}
		seen[b.BIN] = b.ShortName
		if other, ok := short[b.ShortName]; ok {
			t.Errorf("%s names both %s and %s", b.ShortName, other, b.BIN)
		}
		short[b.ShortName] = b.BIN
	}
}

// TestBanksFromTheSpec: the banks whose BINs come from the NAPAS QR spec
// are on the list and marked confirmed, and only they are.
func TestBanksFromTheSpec(t *testing.T) {
	spec := map[string]string{
		"970436": "Vietcombank", "970418": "BIDV", "970405": "Agribank",
		"970415": "VietinBank", "970416": "ACB", "970422": "MB", "970403": "Sacombank",
	}
	for bin, name := range spec {
		b, ok := BankByBIN(bin)
		require.True(t, ok, bin)
		assert.Equal(t, name, b.ShortName)
		assert.True(t, b.Confirmed, name)
	}
	banks, err := Banks()
	require.NoError(t, err)
	for _, b := range banks {
		if _, ok := spec[b.BIN]; !ok {
			assert.False(t, b.Confirmed, "%s %s is not from the spec", b.BIN, b.ShortName)
		}
	}
	_, ok := BankByBIN("000000")
	assert.False(t, ok)
}

// TestBanksIsACopy: a caller that edits the list it got does not change
// what the next caller sees.
func TestBanksIsACopy(t *testing.T) {
	a, err := Banks()
	require.NoError(t, err)
	a[0].ShortName = "changed"
	b, err := Banks()
	require.NoError(t, err)
	assert.NotEqual(t, "changed", b[0].ShortName)
}
