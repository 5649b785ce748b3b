package catalogue_test

import (
	"io/fs"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/catalogue"
	"tiepsuc/guides"
	"tiepsuc/internal/citizen"
)

// builtin loads the embedded catalogue or stops the test.
func builtin(t testing.TB) *catalogue.Catalogue {
	t.Helper()
	c, err := catalogue.Builtin()
	require.NoError(t, err)
	return c
}

// TestBuiltinHoldsTheCommuneProcedures checks that the twelve procedures
// the help desks see most load, and that the ids the app already stores
// for a citizen's need are among them.
func TestBuiltinHoldsTheCommuneProcedures(t *testing.T) {
	c := builtin(t)
	want := []string{
		"birth_registration", "birth_residence_insurance", "death_registration",
		"death_linked", "marriage_registration", "marital_status", "permanent_residence",
		"temporary_residence", "temporary_absence", "stay_notification",
		"old_id_confirmation", "id_card_reissue",
	}
	var ids []string
	for _, p := range c.All() {
		ids = append(ids, p.ID)
	}
	assert.ElementsMatch(t, want, ids)

	for _, id := range want {
		p, ok := c.ByID(id)
		require.True(t, ok, id)
		assert.NotEmpty(t, p.Name.VI, id)
		assert.NotEmpty(t, p.Name.EN, id)
		assert.NotEmpty(t, p.Form, id)
		assert.NotEmpty(t, p.Sources, id)
		assert.Equal(t, "2026-12-04", p.Checked.Format(time.DateOnly), id)
	}
}

// TestEveryFileParses loads each content file on its own, as a schema check
// that names the file that breaks it.
func TestEveryFileParses(t *testing.T) {
	content := os.DirFS("content")
	files, err := fs.Glob(content, "*.json")
	require.NoError(t, err)
	require.Len(t, files, 12)
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			data, err := fs.ReadFile(content, name)
			require.NoError(t, err)
			p, err := catalogue.Parse(name, data)
			require.NoError(t, err)
			assert.Equal(t, name, p.ID+".json")
		})
	}
}

// TestTemporaryResidenceAsDomainSays checks the one procedure the domain
// notes give code and fees for.
func TestTemporaryResidenceAsDomainSays(t *testing.T) {
	p, ok := builtin(t).ByID("temporary_residence")
	require.True(t, ok)
	assert.Equal(t, "1.004194", p.Code)
	assert.True(t, p.Confirmed(catalogue.FactCode))
	require.Len(t, p.Fees.Cases, 2)
	assert.Equal(t, catalogue.Amount{VND: 15000, Known: true}, p.Fees.Cases[0].Counter)
	assert.Equal(t, catalogue.Amount{VND: 7000, Known: true}, p.Fees.Cases[0].Online)
	assert.Equal(t, catalogue.Amount{VND: 10000, Known: true}, p.Fees.Cases[1].Counter)
	assert.Equal(t, catalogue.Amount{VND: 5000, Known: true}, p.Fees.Cases[1].Online)
	assert.Contains(t, p.Fees.Cases[1].When.EN, "list")
	assert.Equal(t, catalogue.PaidAtPortal, p.Fees.PaidAt)
}

// TestUnknownFactsAreMarked checks that no entry shows a code or a fee as
// settled when the data does not have it.
func TestUnknownFactsAreMarked(t *testing.T) {
	for _, p := range builtin(t).All() {
		if p.Code == "" {
			assert.False(t, p.Confirmed(catalogue.FactCode), p.ID)
		}
		for _, fc := range p.Fees.Cases {
			if !fc.Counter.Known || !fc.Online.Known {
				assert.False(t, p.Fees.Confirmed, p.ID)
			}
		}
	}
}

// TestGuideReferencesExist checks every guide a procedure names is in the
// guide library, so the dossier screen never offers a guide that is not
// there.
func TestGuideReferencesExist(t *testing.T) {
	lib, err := guides.Builtin()
	require.NoError(t, err)
	problems := builtin(t).GuideProblems(func(id string) bool {
		_, ok := lib.Guide(id)
		return ok
	})
	assert.Empty(t, problems)
}

// TestChecksAreCitizenChecks proves each check name the data uses is a
// real check of internal/citizen that catches a wrong value.
func TestChecksAreCitizenChecks(t *testing.T) {
	today := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	checks := map[string]func(string) []citizen.Problem{
		catalogue.CheckFullName: citizen.CheckFullName,
		catalogue.CheckIDNumber: func(s string) []citizen.Problem {
			return citizen.CheckIDNumber(s, citizen.IDContext{Today: today})
		},
		catalogue.CheckBirthDate: func(s string) []citizen.Problem {
			_, ps := citizen.CheckBirthDate(s, today)
			return ps
		},
		catalogue.CheckPhone: func(s string) []citizen.Problem {
			_, ps := citizen.CheckPhone(s)
			return ps
		},
		catalogue.CheckAddress: citizen.CheckAddress,
		catalogue.CheckDossierCode: func(s string) []citizen.Problem {
			_, ps := citizen.CheckDossierCode(s, today)
			return ps
		},
	}
	wrong := map[string]string{
		catalogue.CheckFullName: "123", catalogue.CheckIDNumber: "07520A",
		catalogue.CheckBirthDate: "31/02/2000", catalogue.CheckPhone: "12345",
		catalogue.CheckAddress: "12", catalogue.CheckDossierCode: "abc",
	}
	for name, check := range checks {
		assert.True(t, citizen.HasError(check(wrong[name])), name)
	}
	for _, p := range builtin(t).All() {
		for _, f := range p.Form {
			_, ok := checks[f.Check]
			assert.True(t, ok || f.Check == catalogue.CheckNone, "%s %s", p.ID, f.ID)
		}
	}
}

func TestFee(t *testing.T) {
	c := builtin(t)
	tests := []struct {
		id        string
		online    bool
		vnd       int64
		confirmed bool
		err       error
	}{
		{"temporary_residence", false, 15000, true, nil},
		{"temporary_residence", true, 7000, true, nil},
		{"permanent_residence", false, 20000, true, nil},
		{"permanent_residence", true, 10000, true, nil},
		{"marriage_registration", true, 0, false, nil},
		{"birth_registration", false, 0, false, nil},
		{"id_card_reissue", true, 0, false, catalogue.ErrFeeNotKnown},
		{"marital_status", false, 0, false, catalogue.ErrFeeNotKnown},
		{"no_such_thing", true, 0, false, catalogue.ErrNoProcedure},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			vnd, confirmed, err := c.Fee(tt.id, tt.online)
			require.ErrorIs(t, err, tt.err)
			assert.Equal(t, tt.vnd, vnd)
			assert.Equal(t, tt.confirmed, confirmed)
		})
	}
}

func TestByCode(t *testing.T) {
	c := builtin(t)
	tests := []struct {
		code string
		id   string
	}{
		{"1.004194", "temporary_residence"},
		{" 1.004194\n", "temporary_residence"},
		{"1.004194.000.00.00.H19", "temporary_residence"},
		{"1.00419", ""},
		{"1.0041945", ""},
		{"", ""},
	}
	for _, tt := range tests {
		p, ok := c.ByCode(tt.code)
		assert.Equal(t, tt.id != "", ok, tt.code)
		assert.Equal(t, tt.id, p.ID, tt.code)
	}
}

func TestSearch(t *testing.T) {
	c := builtin(t)
	tests := []struct {
		query string
		ids   []string
	}{
		{"tam tru", []string{"temporary_residence"}},
		{"TẠM  TRÚ", []string{"temporary_residence"}},
		{"Đăng ký khai sinh", []string{"birth_registration", "birth_residence_insurance"}},
		{"thuong tru", []string{"permanent_residence", "death_linked",
			"birth_residence_insurance"}},
		{"khai sinh tre", []string{"birth_residence_insurance"}},
		{"1.004194", []string{"temporary_residence"}},
		{"cccd", []string{"id_card_reissue"}},
		{"CMND", []string{"old_id_confirmation"}},
		{"hộ khẩu", []string{"death_linked", "permanent_residence"}},
		{"marriage", []string{"marriage_registration"}},
		{"xyz", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var ids []string
			for _, p := range c.Search(tt.query) {
				ids = append(ids, p.ID)
			}
			assert.Equal(t, tt.ids, ids)
		})
	}
	assert.Len(t, c.Search("  "), 12)
}

func TestTextIn(t *testing.T) {
	tx := catalogue.Text{VI: "Đăng ký tạm trú", EN: "Temporary residence"}
	assert.Equal(t, "Temporary residence", tx.In("en-GB"))
	assert.Equal(t, "Đăng ký tạm trú", tx.In("vi"))
	assert.Equal(t, "Đăng ký tạm trú", catalogue.Text{VI: "Đăng ký tạm trú"}.In("en"))
}

// TestCopiesAreIndependent checks a caller cannot change the catalogue
// through a procedure it was given.
func TestCopiesAreIndependent(t *testing.T) {
	c := builtin(t)
	p, _ := c.ByID("temporary_residence")
	p.Fees.Cases[0].Online.VND = 1
	p.Form[0].ID = "changed"
	vnd, _, err := c.Fee("temporary_residence", true)
	require.NoError(t, err)
	assert.Equal(t, int64(7000), vnd)
	again, _ := c.ByID("temporary_residence")
	assert.NotEqual(t, "changed", again.Form[0].ID)
}
