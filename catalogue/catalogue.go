// Package catalogue is the list of public-service procedures (thủ tục hành
// chính) a volunteer helps with at a commune center: for each one its
// national code, names, receiving agency, papers, e-form fields, fees,
// processing time, the guides that cover it and where the facts come from.
// The procedures are JSON files in content/, embedded in the app and
// checked strictly when loaded; anything not confirmed by a source is
// marked so in the data, never silently filled in.
package catalogue

import (
	"slices"
	"strings"
	"time"
)

// Field values: the area of law a procedure belongs to (lĩnh vực). Their
// labels are UI text and live in the app's translations.
const (
	// FieldCivilStatus is hộ tịch: birth, death, marriage, marital status.
	FieldCivilStatus = "civil_status"
	// FieldResidence is cư trú: permanent and temporary residence, absence, stays.
	FieldResidence = "residence"
	// FieldIdentity is căn cước: ID cards and identity numbers.
	FieldIdentity = "identity"
	// FieldLinked is liên thông: one dossier that runs several procedures.
	FieldLinked = "linked"
)

// fieldOrder is the fixed order in which fields are listed.
var fieldOrder = []string{FieldCivilStatus, FieldLinked, FieldResidence, FieldIdentity}

// Level values: how much of a procedure can be done online (Decree 42/2022).
const (
	// LevelFull is toàn trình: the whole procedure, result included, online
	// or by public post.
	LevelFull = "full"
	// LevelPartial is một phần: some step, often receiving the result, is
	// done in person.
	LevelPartial = "partial"
)

// levels lists the allowed level values.
var levels = []string{LevelFull, LevelPartial}

// PaidAt values: where the fee of an online dossier is paid.
const (
	// PaidAtPortal means on the payment page inside the portal.
	PaidAtPortal = "portal"
	// PaidAtCenterAccount means by transfer to the center's bank account.
	PaidAtCenterAccount = "center_account"
	// PaidAtNone means nothing is paid: every amount is zero.
	PaidAtNone = "none"
)

// paidAts lists the allowed paid_at values.
var paidAts = []string{PaidAtPortal, PaidAtCenterAccount, PaidAtNone}

// Kind values: what an e-form field holds, so the screen can pick the
// right entry and the right check.
const (
	// KindText is free text, such as a name or an address.
	KindText = "text"
	// KindDate is a day written dd/mm/yyyy.
	KindDate = "date"
	// KindIDNumber is an identity number: 12 digits, or an old 9-digit one.
	KindIDNumber = "id_number"
	// KindPhone is a mobile phone number.
	KindPhone = "phone"
	// KindChoice is one of the field's Choices.
	KindChoice = "choice"
	// KindNumber is a whole number, such as how many copies.
	KindNumber = "number"
)

// kinds lists the allowed kind values.
var kinds = []string{KindText, KindDate, KindIDNumber, KindPhone, KindChoice, KindNumber}

// Check values: the check from internal/citizen that applies to an e-form
// field as the volunteer types, or CheckNone.
const (
	// CheckFullName is citizen.CheckFullName.
	CheckFullName = "full_name"
	// CheckIDNumber is citizen.CheckIDNumber.
	CheckIDNumber = "id_number"
	// CheckBirthDate is citizen.CheckBirthDate.
	CheckBirthDate = "birth_date"
	// CheckPhone is citizen.CheckPhone.
	CheckPhone = "phone"
	// CheckAddress is citizen.CheckAddress.
	CheckAddress = "address"
	// CheckDossierCode is citizen.CheckDossierCode.
	CheckDossierCode = "dossier_code"
	// CheckNone means no check applies.
	CheckNone = "none"
)

// checkKind is the field kind each check reads; CheckNone fits any kind.
var checkKind = map[string]string{
	CheckFullName:    KindText,
	CheckIDNumber:    KindIDNumber,
	CheckBirthDate:   KindDate,
	CheckPhone:       KindPhone,
	CheckAddress:     KindText,
	CheckDossierCode: KindText,
}

// Fact values: the facts of a procedure that its unconfirmed list can
// name. Papers and fees carry their own confirmed flags.
const (
	// FactCode is the national procedure code.
	FactCode = "code"
	// FactName is the name, as the portal words it.
	FactName = "name"
	// FactLevel is whether the procedure is fully or partially online.
	FactLevel = "level"
	// FactAgency is the agency that receives the dossier.
	FactAgency = "agency"
	// FactForm is the list of e-form fields.
	FactForm = "form"
	// FactTime is the processing time.
	FactTime = "time"
)

// facts lists the allowed values of a procedure's unconfirmed list.
var facts = []string{FactCode, FactName, FactLevel, FactAgency, FactForm, FactTime}

// Text is one piece of catalogue text in Vietnamese and English.
type Text struct {
	VI string
	EN string
}

// In returns the text for lang: "en" (or a tag such as "en-US") gives the
// English text, or the Vietnamese one if the English is empty; any other
// language gives the Vietnamese text.
func (t Text) In(lang string) string {
	l := strings.ToLower(lang)
	english := l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_")
	if english && t.EN != "" {
		return t.EN
	}
	return t.VI
}

// Paper is one paper (giấy tờ) a dossier needs.
type Paper struct {
	// Name names the paper, such as "Giấy chứng sinh".
	Name Text
	// Note says how to bring it, such as "a clear photo is enough", or is empty.
	Note Text
	// Required is false for a paper needed only in some cases.
	Required bool
	// Confirmed is true when a source confirms the paper is asked for.
	Confirmed bool
}

// Choice is one answer of a choice field.
type Choice struct {
	// Value is what is stored, such as "female".
	Value string
	// Label is what the volunteer reads.
	Label Text
}

// FormField is one box of the procedure's e-form (tờ khai điện tử), filled
// in offline at the desk and copied into the portal.
type FormField struct {
	// ID names the field, unique within its procedure, such as "child_name".
	ID string
	// Label is the field's caption.
	Label Text
	// Kind is one of the Kind values.
	Kind string
	// Required is true when the portal will not take the form without it.
	Required bool
	// Check is one of the Check values.
	Check string
	// Choices are the answers of a KindChoice field, and nil otherwise.
	Choices []Choice
}

// Amount is a fee in VND, or an amount not known yet.
type Amount struct {
	// VND is the amount in dong when Known.
	VND int64
	// Known is false when no source gives the amount.
	Known bool
}

// FeeCase is what is paid in one case, such as registering alone or on a list.
type FeeCase struct {
	// When says which citizens this case is for.
	When Text
	// Counter is the fee for a dossier handed in at the counter.
	Counter Amount
	// Online is the fee for a dossier sent on the portal.
	Online Amount
}

// Fees is the fee (lệ phí) of a procedure.
type Fees struct {
	// Cases lists the fee cases; the first is the usual one at a desk.
	Cases []FeeCase
	// Exempt says who pays nothing.
	Exempt Text
	// ExemptConfirmed is true when a source confirms Exempt.
	ExemptConfirmed bool
	// PaidAt is one of the PaidAt values.
	PaidAt string
	// Confirmed is true when a source confirms the amounts and PaidAt.
	Confirmed bool
	// Note adds what the volunteer should know, or is empty.
	Note Text
}

// ProcessingTime is how long the agency takes (thời hạn giải quyết).
type ProcessingTime struct {
	// Text says it in words, with the exceptions.
	Text Text
	// WorkingDays is the usual limit in working days, or 0 if not known.
	WorkingDays int
}

// Source is where facts in a procedure come from.
type Source struct {
	// Title names the source, such as a circular or an official page.
	Title string
	// URL is its address, or empty.
	URL string
	// Note says which facts it gives, or is empty.
	Note string
}

// Procedure is one public-service procedure (thủ tục hành chính).
type Procedure struct {
	// ID names the procedure in the app and equals its file name without
	// ".json", such as "temporary_residence".
	ID string
	// Code is the national procedure code, such as "1.004194", or empty
	// when it is not known.
	Code string
	// Name is the procedure's name.
	Name Text
	// Field is one of the Field values.
	Field string
	// Level is one of the Level values.
	Level string
	// Agency is the commune-level agency that receives the dossier.
	Agency Text
	// Papers are the papers the dossier needs.
	Papers []Paper
	// Form is the e-form, in the order the portal asks.
	Form []FormField
	// Fees is what the citizen pays.
	Fees Fees
	// Time is how long the agency takes.
	Time ProcessingTime
	// Guides are the ids of the guides that cover the procedure.
	Guides []string
	// Keywords are other words citizens use for it, for search.
	Keywords []string
	// Notes says what else the volunteer should know, or is empty.
	Notes Text
	// Sources are where the facts come from.
	Sources []Source
	// Checked is the day the entry was last checked against its sources.
	Checked time.Time
	// Unconfirmed lists the Fact values no source confirms.
	Unconfirmed []string
}

// Confirmed reports whether a source confirms fact, one of the Fact values.
func (p Procedure) Confirmed(fact string) bool {
	return !slices.Contains(p.Unconfirmed, fact)
}

// FormField returns the e-form field with the given id, if there is one.
func (p Procedure) FormField(id string) (FormField, bool) {
	for _, f := range p.Form {
		if f.ID == id {
			return f.clone(), true
		}
	}
	return FormField{}, false
}

// clone returns a copy of f that shares no slices with it.
func (f FormField) clone() FormField {
	f.Choices = slices.Clone(f.Choices)
	return f
}

// clone returns a copy of p that shares no slices with it.
func (p Procedure) clone() Procedure {
	p.Papers = slices.Clone(p.Papers)
	form := make([]FormField, len(p.Form))
	for i, f := range p.Form {
		form[i] = f.clone()
	}
	p.Form = form
	p.Fees.Cases = slices.Clone(p.Fees.Cases)
	p.Guides = slices.Clone(p.Guides)
	p.Keywords = slices.Clone(p.Keywords)
	p.Sources = slices.Clone(p.Sources)
	p.Unconfirmed = slices.Clone(p.Unconfirmed)
	return p
}
