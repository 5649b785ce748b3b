package app

import (
	"context"
	"fmt"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/store"
)

// conflictsScreen shows each draft changed both here and at another desk,
// the two versions side by side, and asks which one to keep. Nothing is
// overwritten until the volunteer chooses.
func (d *Desk) conflictsScreen() fyne.CanvasObject {
	heading := widget.NewLabelWithStyle(lang.L("conflicts.title"), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	cs, err := d.store.Conflicts(context.Background())
	if err != nil {
		d.tell("error.read_conflicts", "conflicts", err)
	}
	box := container.NewVBox()
	for _, c := range cs {
		box.Add(d.conflictCard(c))
	}
	if len(cs) == 0 {
		box.Add(widget.NewLabel(lang.L("conflicts.none")))
	}
	intro := widget.NewLabel(lang.L("conflicts.intro"))
	intro.Wrapping = fyne.TextWrapWord
	return container.NewPadded(container.NewBorder(
		container.NewVBox(heading, intro, widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(box)))
}

// conflictCard is one conflict: a table of the fields that differ and
// the two choices.
func (d *Desk) conflictCard(c store.Conflict) fyne.CanvasObject {
	grid := container.NewGridWithColumns(3,
		boldLabel(lang.L("conflicts.field")), boldLabel(lang.L("conflicts.here")),
		boldLabel(lang.L("conflicts.hub")))
	for _, k := range conflictFields(c) {
		here, there := c.Local.Fields[k], c.Hub.Fields[k]
		a, b := widget.NewLabel(here), widget.NewLabel(there)
		a.Wrapping, b.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord
		if here != there {
			a.Importance, b.Importance = widget.WarningImportance, widget.WarningImportance
		}
		grid.Add(widget.NewLabel(fieldLabel(k)))
		grid.Add(a)
		grid.Add(b)
	}
	keep := func(r store.Resolution) func() {
		return func() {
			if _, err := d.store.ResolveConflict(context.Background(), c.ID, r); err != nil {
				d.tell("error.resolve_conflict", "conflicts", err)
				return
			}
			if d.sync != nil {
				d.sync.SyncNow() // send the choice at once
			}
			d.refreshBars()
			d.setContent(d.conflictsScreen())
		}
	}
	local := widget.NewButtonWithIcon(lang.L("conflicts.keep_here"), theme.ComputerIcon(),
		keep(store.KeepLocal))
	hub := widget.NewButtonWithIcon(lang.L("conflicts.keep_hub"), theme.StorageIcon(),
		keep(store.KeepHub))
	if !c.HubKnown {
		hub.Disable()
	}
	title := lang.L("conflicts.card", map[string]any{
		"Name": nameOr(c.Local.Fields[store.FieldFullName]), "Here": c.Local.Version,
		"Hub": c.Hub.Version})
	return widget.NewCard("", "", container.NewVBox(boldLabel(title), grid,
		container.NewHBox(local, hub)))
}

// conflictFields lists the fields either side holds, those that differ
// first, each group in a stable order.
func conflictFields(c store.Conflict) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]string{c.Local.Fields, c.Hub.Fields} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		di := c.Local.Fields[keys[i]] != c.Hub.Fields[keys[i]]
		dj := c.Local.Fields[keys[j]] != c.Hub.Fields[keys[j]]
		if di != dj {
			return di
		}
		return keys[i] < keys[j]
	})
	return keys
}

// fieldLabel names a draft field in the desk's language.
func fieldLabel(key string) string {
	for _, f := range detailFields {
		if f.key == key {
			return lang.L(f.label)
		}
	}
	switch key {
	case store.FieldNotes:
		return lang.L("section.notes")
	case store.FieldNeedKind:
		return lang.L("need.kind")
	case store.FieldNeedProcedure:
		return lang.L("need.which_procedure")
	case store.FieldNeedGuide:
		return lang.L("need.which_guide")
	case store.FieldDossierCode:
		return lang.L("dossier.code")
	}
	return fmt.Sprintf("(%s)", key)
}

// nameOr is the name, or a stand-in when none was kept.
func nameOr(name string) string {
	if name == "" {
		return lang.L("session.no_name_yet")
	}
	return name
}

// boldLabel is a label in bold.
func boldLabel(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}
