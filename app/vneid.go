package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/vntext"
)

// vneidStages are the steps of a citizen's VNeID account, in order. Each
// is kept in the draft field "citizen.vneid.<stage>" as the day it was
// reached (dd/mm/yyyy), empty when not yet.
var vneidStages = []string{"level1_registered", "approved", "activated", "level2",
	"papers_added"}

// vneidField is the draft field of a VNeID stage.
func vneidField(stage string) string { return "citizen.vneid." + stage }

// vneidProgress is the checklist of the citizen's VNeID account, each
// stage with the day it was reached.
func (v *sessionView) vneidProgress() fyne.CanvasObject {
	box := container.NewVBox(boldLabel(lang.L("vneid.title")))
	for _, st := range vneidStages {
		key := vneidField(st)
		label := func() string {
			text := lang.L("vneid.stage." + st)
			if day := v.draft.Fields[key]; day != "" {
				text += " (" + day + ")"
			}
			return text
		}
		var check *widget.Check
		check = widget.NewCheck(label(), func(on bool) {
			day := ""
			if on {
				day = vntext.FormatDate(v.d.now())
			}
			v.set(key, day)
			check.SetText(label())
		})
		check.Checked = v.draft.Fields[key] != ""
		box.Add(check)
	}
	return box
}

// vneidLatest names the furthest VNeID stage a citizen reached, for the
// drafts list, or "" when none is recorded.
func vneidLatest(fields map[string]string) string {
	latest := ""
	for _, st := range vneidStages {
		if fields[vneidField(st)] != "" {
			latest = lang.L("vneid.stage." + st)
		}
	}
	return latest
}
