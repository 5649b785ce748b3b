// Package vietqr builds and reads NAPAS VietQR payloads: the text inside
// the QR code a citizen scans with a bank app to pay a fee by transfer to
// a bank account or a card.
//
// A payload is an EMVCo merchant-presented-mode string of data objects,
// each a two-digit id, a two-digit length in bytes and the value, ending
// with field 63, a CRC-16/CCITT-FALSE checksum. Parse is strict: it
// accepts only what Build could have written, so a code the desk reads
// back is a code every bank app reads the same way.
package vietqr

import (
	"strconv"
)

// Ids of the data objects this package writes and reads.
const (
	idFormat     = 0  // payload format indicator, "01"
	idInitiation = 1  // point of initiation: "11" static, "12" dynamic
	idAccount    = 38 // merchant account information, NAPAS template
	idCurrency   = 53 // transaction currency, ISO 4217 numeric
	idAmount     = 54 // transaction amount
	idTip        = 55 // tip or convenience indicator
	idFeeFixed   = 56 // convenience fee, fixed
	idFeePercent = 57 // convenience fee, percentage
	idCountry    = 58 // country code
	idName       = 59 // merchant name
	idCity       = 60 // merchant city
	idAdditional = 62 // additional data template
	idCRC        = 63 // checksum

	// Inside template 38.
	idGUID        = 0 // globally unique id of the scheme
	idBeneficiary = 1 // template: bank BIN and account or card number
	idService     = 2 // service code
	// Inside template 38.01.
	idBIN    = 0
	idNumber = 1
	// Inside template 62.
	idPurpose = 8
)

// Fixed values of a VietQR payload.
const (
	formatVersion = "01"
	staticCode    = "11"
	dynamicCode   = "12"
	napasGUID     = "A000000727"
	currencyVND   = "704"
	countryVN     = "VN"
	crcHeader     = "6304"
)

// MaxAmount is the largest amount a payload can carry: field 54 holds at
// most 13 characters, and đồng have no decimals.
const MaxAmount int64 = 9_999_999_999_999

// Service says where the money goes: to a bank account or to a card.
type Service string

// The two NAPAS 24/7 inter-bank transfer services a VietQR code names.
const (
	ToAccount Service = "QRIBFTTA"
	ToCard    Service = "QRIBFTTC"
)

// Payment is what a VietQR code asks the payer's bank app to do.
type Payment struct {
	// BIN is the 6-digit NAPAS code of the receiving bank.
	BIN string
	// Service says whether Number is an account or a card number.
	Service Service
	// Number is the account number (letters and digits) or the card
	// number (digits), at most MaxNumber bytes, without spaces.
	Number string
	// Amount is in đồng. Zero makes a static code: the payer types the
	// amount. Above zero makes a dynamic code with the amount filled in.
	Amount int64
	// Purpose is the transfer's content (nội dung chuyển khoản). Build
	// takes Vietnamese marks off; see MaxPurpose.
	Purpose string
	// MerchantName and MerchantCity are optional EMVCo fields; bank apps
	// show the account holder's name from the bank instead.
	MerchantName string
	MerchantCity string
	// Bank is the receiving bank when the bank list knows BIN. Parse fills
	// it in; Build does not read it.
	Bank Bank
}

// Build returns the VietQR payload of p, ending with its checksum.
//
// Text fields lose their Vietnamese marks (đ becomes d) because EMVCo
// allows only printable ASCII there; Build refuses a character with no
// ASCII form and a text longer than its limit, rather than cutting it.
func Build(p Payment) (string, error) {
	account, err := accountTemplate(p)
	if err != nil {
		return "", err
	}
	if p.Amount < 0 || p.Amount > MaxAmount {
		return "", newError(ErrAmount, idText(idAmount),
			"Value", strconv.FormatInt(p.Amount, 10))
	}
	name, err := foldText(p.MerchantName, idText(idName), MaxMerchantName)
	if err != nil {
		return "", err
	}
	city, err := foldText(p.MerchantCity, idText(idCity), MaxMerchantCity)
	if err != nil {
		return "", err
	}
	purpose, err := foldText(p.Purpose, "62.08", MaxPurpose)
	if err != nil {
		return "", err
	}

	b := make([]byte, 0, 84+len(account)+len(name)+len(city)+len(purpose))
	b = appendTLV(b, idFormat, formatVersion)
	if p.Amount > 0 {
		b = appendTLV(b, idInitiation, dynamicCode)
	} else {
		b = appendTLV(b, idInitiation, staticCode)
	}
	b = appendTLV(b, idAccount, account)
	b = appendTLV(b, idCurrency, currencyVND)
	if p.Amount > 0 {
		b = appendTLV(b, idAmount, strconv.FormatInt(p.Amount, 10))
	}
	b = appendTLV(b, idCountry, countryVN)
	if name != "" {
		b = appendTLV(b, idName, name)
	}
	if city != "" {
		b = appendTLV(b, idCity, city)
	}
	if purpose != "" {
		b = appendTLV(b, idAdditional, string(appendTLV(nil, idPurpose, purpose)))
	}
	b = append(b, crcHeader...)
	return string(appendCRC(b, crc16(b))), nil
}

// accountTemplate returns the value of field 38: NAPAS's id, the bank BIN
// with the account or card number, and the service code.
func accountTemplate(p Payment) (string, error) {
	switch {
	case p.BIN == "":
		return "", newError(ErrMissing, "38.01.00")
	case len(p.BIN) != 6 || !allDigits(p.BIN):
		return "", newError(ErrBIN, "38.01.00", "Value", p.BIN)
	case p.Service == "":
		return "", newError(ErrMissing, "38.02")
	case p.Service != ToAccount && p.Service != ToCard:
		return "", newError(ErrService, "38.02", "Value", string(p.Service))
	case p.Number == "":
		return "", newError(ErrMissing, "38.01.01")
	}
	if err := checkNumber(p.Service, p.Number); err != nil {
		return "", err
	}
	beneficiary := appendTLV(appendTLV(nil, idBIN, p.BIN), idNumber, p.Number)
	b := make([]byte, 0, 24+len(beneficiary))
	b = appendTLV(b, idGUID, napasGUID)
	b = appendTLV(b, idBeneficiary, string(beneficiary))
	b = appendTLV(b, idService, string(p.Service))
	return string(b), nil
}

// checkNumber checks an account number (ASCII letters and digits) or a
// card number (digits only) of at most MaxNumber bytes.
func checkNumber(s Service, n string) error {
	ok := len(n) <= MaxNumber
	for i := 0; i < len(n) && ok; i++ {
		c := n[i]
		digit := c >= '0' && c <= '9'
		letter := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
		ok = digit || letter && s == ToAccount
	}
	if !ok {
		return newError(ErrNumber, "38.01.01", "Value", n,
			"Max", strconv.Itoa(MaxNumber))
	}
	return nil
}
