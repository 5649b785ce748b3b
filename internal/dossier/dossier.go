// Package dossier works out, from the procedure catalogue and a draft's
// fields, what a draft dossier holds and what it still lacks before it can
// be submitted on the portal: the e-form values, with the citizen's own
// details filled in where the form asks for them, and the papers.
package dossier

import (
	"strconv"
	"strings"
	"time"

	"tiepsuc/catalogue"
	"tiepsuc/internal/citizen"
)

// Draft field names the dossier uses; the citizen's details are the
// store's citizen.* fields, named here to keep this package free of SQL.
const (
	detailName  = "citizen.full_name"
	detailID    = "citizen.id_number"
	detailBirth = "citizen.birth_date"
	detailPhone = "citizen.phone"
	detailAddr  = "citizen.address"
)

// FormKey is the draft field that holds the value of the e-form field
// fieldID of procedure procID. Values stay when the procedure changes, so
// nothing typed is lost.
func FormKey(procID, fieldID string) string {
	return "form." + procID + "." + fieldID
}

// PaperKey is the draft field that holds the state of paper i of procedure
// procID.
func PaperKey(procID string, i int) string {
	return "paper." + procID + "." + strconv.Itoa(i)
}

// PaperState is where a paper stands: not looked at yet, the citizen has
// it with them, it is photographed for the upload, or it is missing.
type PaperState string

// The states of a paper.
const (
	PaperUnknown PaperState = ""
	PaperHave    PaperState = "have"
	PaperPhoto   PaperState = "photo"
	PaperMissing PaperState = "missing"
)

// PaperStates are the states a volunteer can choose, in order.
var PaperStates = []PaperState{PaperHave, PaperPhoto, PaperMissing}

// selfPrefixes mark e-form fields about the citizen at the desk, which
// take the citizen's details unless something else was typed.
var selfPrefixes = []string{"registrant_", "person_", "requester_"}

// detailFor names the citizen's detail an e-form field starts from, or ""
// when the field is about someone else (a child, a parent, a host).
func detailFor(f catalogue.FormField) string {
	self := f.ID == "phone"
	for _, p := range selfPrefixes {
		self = self || strings.HasPrefix(f.ID, p)
	}
	if !self {
		return ""
	}
	switch f.Check {
	case catalogue.CheckFullName:
		return detailName
	case catalogue.CheckIDNumber:
		return detailID
	case catalogue.CheckBirthDate:
		return detailBirth
	case catalogue.CheckPhone:
		return detailPhone
	case catalogue.CheckAddress:
		return detailAddr
	}
	return ""
}

// Value is the e-form value of f: what was typed for it, else the
// citizen's own detail when the field is about the citizen. prefilled
// reports the second case, so the screen can say where it came from.
func Value(p catalogue.Procedure, f catalogue.FormField,
	fields map[string]string) (value string, prefilled bool) {
	if v, ok := fields[FormKey(p.ID, f.ID)]; ok {
		return v, false
	}
	if d := detailFor(f); d != "" && fields[d] != "" {
		return fields[d], true
	}
	return "", false
}

// Problems checks value with the check f names, and with the shape its
// kind asks for (a real date, a number), as of today.
func Problems(f catalogue.FormField, value string, today time.Time) []citizen.Problem {
	if strings.TrimSpace(value) == "" {
		return nil
	}
	switch f.Check {
	case catalogue.CheckFullName:
		return citizen.CheckFullName(value)
	case catalogue.CheckIDNumber:
		return citizen.CheckIDNumber(value, citizen.IDContext{Today: today})
	case catalogue.CheckBirthDate:
		_, ps := citizen.CheckBirthDate(value, today)
		return ps
	case catalogue.CheckPhone:
		_, ps := citizen.CheckPhone(value)
		return ps
	case catalogue.CheckAddress:
		return citizen.CheckAddress(value)
	case catalogue.CheckDossierCode:
		_, ps := citizen.CheckDossierCode(value, today)
		return ps
	}
	switch f.Kind {
	case catalogue.KindDate:
		if _, err := citizen.ParseDate(value); err != nil {
			return []citizen.Problem{{Level: citizen.Error, Key: "dossier.form.date"}}
		}
	case catalogue.KindNumber:
		if _, err := strconv.Atoi(strings.TrimSpace(value)); err != nil {
			return []citizen.Problem{{Level: citizen.Error, Key: "dossier.form.number"}}
		}
	}
	return nil
}

// Missing is what a draft dossier still lacks before submitting.
type Missing struct {
	// Empty are the required e-form fields with no value.
	Empty []catalogue.FormField
	// Wrong are the e-form fields whose value has an Error.
	Wrong []catalogue.FormField
	// Papers are the required papers neither at hand nor photographed.
	Papers []catalogue.Paper
}

// Ready reports whether nothing is missing.
func (m Missing) Ready() bool {
	return len(m.Empty) == 0 && len(m.Wrong) == 0 && len(m.Papers) == 0
}

// Count is how many things are missing in all.
func (m Missing) Count() int { return len(m.Empty) + len(m.Wrong) + len(m.Papers) }

// Check lists what the dossier for p still lacks, given the draft's fields.
func Check(p catalogue.Procedure, fields map[string]string, today time.Time) Missing {
	var m Missing
	for _, f := range p.Form {
		v, _ := Value(p, f, fields)
		switch {
		case strings.TrimSpace(v) == "":
			if f.Required {
				m.Empty = append(m.Empty, f)
			}
		case citizen.HasError(Problems(f, v, today)):
			m.Wrong = append(m.Wrong, f)
		}
	}
	for i, paper := range p.Papers {
		st := PaperState(fields[PaperKey(p.ID, i)])
		if paper.Required && st != PaperHave && st != PaperPhoto {
			m.Papers = append(m.Papers, paper)
		}
	}
	return m
}
