package vietqr

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
)

// Bank is a bank that receives VietQR transfers, known by its NAPAS BIN.
type Bank struct {
	// BIN is the bank's 6-digit NAPAS code, field 38.01.00.
	BIN string `json:"bin"`
	// ShortName is the name people use and bank apps list ("Vietcombank").
	ShortName string `json:"short"`
	// Name is the bank's full Vietnamese name.
	Name string `json:"name"`
	// Confirmed is true for the BINs taken from the NAPAS QR spec, false
	// for those taken from the bank lists that VietQR apps publish; a
	// screen may ask the volunteer to check an unconfirmed one against the
	// center's bank papers.
	Confirmed bool `json:"confirmed"`
}

// banksJSON is the bank list, kept as data so it can change without
// touching code.
//
//go:embed banks.json
var banksJSON []byte

// loadBanks reads the embedded bank list once.
var loadBanks = sync.OnceValues(func() ([]Bank, error) {
	var bs []Bank
	if err := json.Unmarshal(banksJSON, &bs); err != nil {
		return nil, fmt.Errorf("read bank list: %w", err)
	}
	return bs, nil
})

// Banks returns the bank list, in the order of banks.json (the most used
// first). The embedded file is checked by the package's tests, so an
// error here means a broken build.
func Banks() ([]Bank, error) {
	bs, err := loadBanks()
	return slices.Clone(bs), err
}

// BankByBIN returns the bank whose BIN is bin, if the list has it.
func BankByBIN(bin string) (Bank, bool) {
	bs, err := loadBanks()
	if err != nil {
		return Bank{}, false
	}
	for _, b := range bs {
		if b.BIN == bin {
			return b, true
		}
	}
	return Bank{}, false
}
