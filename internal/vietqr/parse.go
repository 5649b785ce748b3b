package vietqr

import (
	"strconv"
	"strings"
)

// Parse reads a VietQR payload and returns the payment it asks for.
//
// It checks, in this order: that s starts with field 00 (else ErrNotEMV);
// that every field's length, in bytes, stays inside the payload or its
// template, with no left-over bytes and no id twice; that the checksum is
// the last field and matches; then every field VietQR needs and its
// value. Fields it does not use (a merchant category, a bill number, a
// language template) are read past. Each problem is an *Error of one kind
// (ErrCRC, ErrMissing...) naming the field; s is not trimmed or repaired.
func Parse(s string) (Payment, error) {
	if !strings.HasPrefix(s, "00") {
		return Payment{}, newError(ErrNotEMV, "")
	}
	fs, end, err := split(s, 0, "", idCRC)
	if err != nil {
		return Payment{}, err
	}
	crc, ok := find(fs, idCRC)
	if !ok {
		return Payment{}, newError(ErrMissing, idText(idCRC))
	}
	if end != len(s) {
		return Payment{}, atPos(ErrCRCNotLast, idText(idCRC), end)
	}
	if want := crcText(s[:crc.pos+len(crcHeader)]); crc.val != want {
		return Payment{}, newError(ErrCRC, idText(idCRC), "Got", crc.val, "Want", want)
	}
	p, err := readFields(fs)
	if err != nil {
		return Payment{}, err
	}
	return p, nil
}

// readFields checks the root fields of a payload whose structure and
// checksum are sound, and fills in the payment.
func readFields(fs []field) (Payment, error) {
	var p Payment
	if err := fixed(fs, idFormat, formatVersion); err != nil {
		return p, err
	}
	method, ok := find(fs, idInitiation)
	switch {
	case !ok:
		return p, newError(ErrMissing, idText(idInitiation))
	case method.val != staticCode && method.val != dynamicCode:
		return p, newError(ErrValue, idText(idInitiation),
			"Value", method.val, "Want", staticCode+", "+dynamicCode)
	}
	acct, ok := find(fs, idAccount)
	if !ok {
		return p, newError(ErrMissing, idText(idAccount))
	}
	if err := readAccount(acct, &p); err != nil {
		return p, err
	}
	if err := fixed(fs, idCurrency, currencyVND); err != nil {
		return p, err
	}
	if err := readAmount(fs, method.val == dynamicCode, &p); err != nil {
		return p, err
	}
	if err := fixed(fs, idCountry, countryVN); err != nil {
		return p, err
	}
	if err := readTexts(fs, &p); err != nil {
		return p, err
	}
	p.Bank, _ = BankByBIN(p.BIN)
	return p, nil
}

// fixed checks that field id is present and holds want.
func fixed(fs []field, id int, want string) error {
	f, ok := find(fs, id)
	switch {
	case !ok:
		return newError(ErrMissing, idText(id))
	case f.val != want:
		return newError(ErrValue, idText(id), "Value", f.val, "Want", want)
	}
	return nil
}

// readAccount reads template 38: NAPAS's id, the bank BIN and number, and
// the service.
func readAccount(acct field, p *Payment) error {
	sub, _, err := split(acct.val, acct.pos+4, "38", noStop)
	if err != nil {
		return err
	}
	guid, ok := find(sub, idGUID)
	switch {
	case !ok:
		return newError(ErrMissing, "38.00")
	case guid.val != napasGUID:
		return newError(ErrNotVietQR, "38.00", "Value", guid.val)
	}
	ben, ok := find(sub, idBeneficiary)
	if !ok {
		return newError(ErrMissing, "38.01")
	}
	inner, _, err := split(ben.val, ben.pos+4, "38.01", noStop)
	if err != nil {
		return err
	}
	bin, ok := find(inner, idBIN)
	switch {
	case !ok:
		return newError(ErrMissing, "38.01.00")
	case len(bin.val) != 6 || !allDigits(bin.val):
		return newError(ErrBIN, "38.01.00", "Value", bin.val)
	}
	num, ok := find(inner, idNumber)
	if !ok {
		return newError(ErrMissing, "38.01.01")
	}
	svc, ok := find(sub, idService)
	switch {
	case !ok:
		return newError(ErrMissing, "38.02")
	case Service(svc.val) != ToAccount && Service(svc.val) != ToCard:
		return newError(ErrService, "38.02", "Value", svc.val)
	}
	if err := checkNumber(Service(svc.val), num.val); err != nil {
		return err
	}
	p.BIN, p.Number, p.Service = bin.val, num.val, Service(svc.val)
	return nil
}

// readAmount reads field 54, which a dynamic code must have, and refuses
// the tip and fee fields, which would change what the payer pays.
func readAmount(fs []field, dynamic bool, p *Payment) error {
	for _, id := range []int{idTip, idFeeFixed, idFeePercent} {
		if _, ok := find(fs, id); ok {
			return newError(ErrUnsupported, idText(id))
		}
	}
	f, ok := find(fs, idAmount)
	switch {
	case !ok && dynamic:
		return newError(ErrMissing, idText(idAmount))
	case !ok:
		return nil
	case len(f.val) > 13 || !allDigits(f.val) || f.val[0] == '0':
		return newError(ErrAmount, idText(idAmount), "Value", f.val)
	}
	n, err := strconv.ParseInt(f.val, 10, 64)
	if err != nil {
		return newError(ErrAmount, idText(idAmount), "Value", f.val)
	}
	p.Amount = n
	return nil
}

// readTexts reads the merchant name and city and the purpose in 62/08.
func readTexts(fs []field, p *Payment) error {
	if f, ok := find(fs, idName); ok {
		if err := checkText(f.val, idText(idName), MaxMerchantName); err != nil {
			return err
		}
		p.MerchantName = f.val
	}
	if f, ok := find(fs, idCity); ok {
		if err := checkText(f.val, idText(idCity), MaxMerchantCity); err != nil {
			return err
		}
		p.MerchantCity = f.val
	}
	add, ok := find(fs, idAdditional)
	if !ok {
		return nil
	}
	sub, _, err := split(add.val, add.pos+4, idText(idAdditional), noStop)
	if err != nil {
		return err
	}
	if f, ok := find(sub, idPurpose); ok {
		if err := checkText(f.val, "62.08", MaxPurpose); err != nil {
			return err
		}
		p.Purpose = f.val
	}
	return nil
}
