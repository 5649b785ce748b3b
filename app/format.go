package app

import (
	"time"

	"fyne.io/fyne/v2/lang"
)

// formatDate writes a date the Vietnamese way, dd/mm/yyyy.
func formatDate(t time.Time) string { return t.Format("02/01/2006") }

// formatDateTime writes a date and time as dd/mm/yyyy hh:mm.
func formatDateTime(t time.Time) string { return t.Format("02/01/2006 15:04") }

// procedureName is a procedure's name in the desk's language, from the
// catalogue; a procedure the catalogue no longer has keeps its old name.
func (d *Desk) procedureName(id string) string {
	if id == "" {
		return lang.L("need.procedure")
	}
	if p, ok := d.catalog().ByID(id); ok {
		return p.Name.In(d.language)
	}
	return lang.L("procedure." + id)
}
