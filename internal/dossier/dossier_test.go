package dossier

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/catalogue"
	"tiepsuc/internal/citizen"
)

// today is the day the tests run in.
var today = time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)

// procedure returns a procedure of the built-in catalogue.
func procedure(t *testing.T, id string) catalogue.Procedure {
	t.Helper()
	c, err := catalogue.Builtin()
	require.NoError(t, err)
	p, ok := c.ByID(id)
	require.True(t, ok, id)
	return p
}

// TestCitizensOwnDetailsFillHerFields: the temporary residence form asks
// for the registrant's name, birth date, ID and phone; the citizen's
// details fill them, while the address of the stay does not come from her
// home address, and a value typed for the form wins.
func TestCitizensOwnDetailsFillHerFields(t *testing.T) {
	p := procedure(t, "temporary_residence")
	fields := map[string]string{
		detailName: "Trần Thị Hoà", detailID: "075160001234", detailBirth: "01/02/1960",
		detailPhone: "0912345678", detailAddr: "Tổ 5, ấp Mới",
	}
	get := func(id string) (string, bool) {
		f, ok := p.FormField(id)
		require.True(t, ok, id)
		return Value(p, f, fields)
	}
	v, pre := get("registrant_name")
	assert.Equal(t, "Trần Thị Hoà", v)
	assert.True(t, pre)
	v, _ = get("phone")
	assert.Equal(t, "0912345678", v)
	v, pre = get("stay_address")
	assert.Empty(t, v, "the stay's address is not her home address")
	assert.False(t, pre)

	fields[FormKey(p.ID, "registrant_name")] = "Trần Thị Hòa"
	v, pre = get("registrant_name")
	assert.Equal(t, "Trần Thị Hòa", v)
	assert.False(t, pre)

	// A child's fields never take the parent's details.
	b := procedure(t, "birth_registration")
	f, _ := b.FormField("child_name")
	v, _ = Value(b, f, fields)
	assert.Empty(t, v)
}

// TestMissingBeforeSubmitting: an empty dossier lacks every required field
// and paper; typing them and marking the papers photographed leaves
// nothing; a wrong ID number is listed as wrong, not as empty.
func TestMissingBeforeSubmitting(t *testing.T) {
	p := procedure(t, "temporary_residence")
	fields := map[string]string{}
	m := Check(p, fields, today)
	assert.False(t, m.Ready())
	required := 0
	for _, f := range p.Form {
		if f.Required {
			required++
		}
	}
	assert.Len(t, m.Empty, required)

	for _, f := range p.Form {
		switch {
		case f.Kind == catalogue.KindChoice:
			fields[FormKey(p.ID, f.ID)] = f.Choices[0].Value
		case f.Check == catalogue.CheckFullName:
			fields[FormKey(p.ID, f.ID)] = "Trần Thị Hoà"
		case f.Check == catalogue.CheckIDNumber:
			fields[FormKey(p.ID, f.ID)] = "075160001234"
		case f.Check == catalogue.CheckPhone:
			fields[FormKey(p.ID, f.ID)] = "0912345678"
		case f.Kind == catalogue.KindDate:
			fields[FormKey(p.ID, f.ID)] = "01/02/1960"
		default:
			fields[FormKey(p.ID, f.ID)] = "Tổ 5, ấp Mới, phường Tam Hiệp"
		}
	}
	for i := range p.Papers {
		fields[PaperKey(p.ID, i)] = string(PaperPhoto)
	}
	m = Check(p, fields, today)
	assert.True(t, m.Ready(), "%+v", m)

	fields[FormKey(p.ID, "registrant_id")] = "07516000123"
	fields[PaperKey(p.ID, 0)] = string(PaperMissing)
	m = Check(p, fields, today)
	require.Len(t, m.Wrong, 1)
	assert.Equal(t, "registrant_id", m.Wrong[0].ID)
	assert.Empty(t, m.Empty)
	assert.Len(t, m.Papers, 1)
	assert.Equal(t, 2, m.Count())
}

// TestProblemsByKind: a date field without a named check must still be a
// real date, and a number field a number.
func TestProblemsByKind(t *testing.T) {
	date := catalogue.FormField{ID: "stay_until", Kind: catalogue.KindDate,
		Check: catalogue.CheckNone}
	assert.Empty(t, Problems(date, "31/12/2027", today))
	assert.NotEmpty(t, Problems(date, "31/02/2027", today))
	num := catalogue.FormField{ID: "copies", Kind: catalogue.KindNumber,
		Check: catalogue.CheckNone}
	assert.Empty(t, Problems(num, " 2 ", today))
	assert.NotEmpty(t, Problems(num, "hai", today))
	assert.Empty(t, Problems(num, "", today), "empty is for Check to count, not an error")
}

// FuzzProblems: any value in any kind of field is checked without a
// panic, and a value with an Error makes Check list the field as wrong.
func FuzzProblems(f *testing.F) {
	for _, s := range []string{"", "075160001234", "31/02/2027", "hai", "0912 345 678",
		"Nguyễn Văn A", "\x00\xff", "000.00.00.H49-261204-0012"} {
		f.Add(s)
	}
	c, err := catalogue.Builtin()
	require.NoError(f, err)
	p, ok := c.ByID("temporary_residence")
	require.True(f, ok)
	f.Fuzz(func(t *testing.T, s string) {
		for _, fl := range p.Form {
			ps := Problems(fl, s, today)
			fields := map[string]string{FormKey(p.ID, fl.ID): s}
			m := Check(p, fields, today)
			wrong := false
			for _, w := range m.Wrong {
				wrong = wrong || w.ID == fl.ID
			}
			assert.Equal(t, citizen.HasError(ps) && strings.TrimSpace(s) != "", wrong,
				"%s: listed wrong exactly when its value has an Error", fl.ID)
		}
	})
}
