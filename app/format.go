package app

import (
	"time"

	"fyne.io/fyne/v2/lang"
)

// formatDate writes a date the Vietnamese way, dd/mm/yyyy.
func formatDate(t time.Time) string { return t.Format("02/01/2006") }

// formatDateTime writes a date and time as dd/mm/yyyy hh:mm.
func formatDateTime(t time.Time) string { return t.Format("02/01/2006 15:04") }

// procedures are the procedures a citizen can come for, until the
// catalogue of the procedures issue replaces this short list.
var procedures = []string{
	"birth_registration", "permanent_residence", "temporary_residence",
	"marriage_registration", "death_registration", "id_card_reissue", "other",
}

// procedureName is a procedure's name in the desk's language.
func procedureName(code string) string {
	if code == "" {
		return lang.L("need.procedure")
	}
	return lang.L("procedure." + code)
}
