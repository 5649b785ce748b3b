package app

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/auth"
	"tiepsuc/internal/store"
)

// roles are offered in this order when adding a volunteer.
var roles = []auth.Role{auth.RoleVolunteer, auth.RoleTrainer, auth.RoleAdmin}

// peopleSettings is where the desk admin adds volunteers, resets a
// forgotten PIN, stops an account, and sets the idle lock and how long
// closed visits are kept. Others see nothing of it.
func (d *Desk) peopleSettings() fyne.CanvasObject {
	if !d.can(auth.ManageVolunteers) {
		return container.NewVBox()
	}
	box := container.NewVBox(boldLabel(lang.L("people.title")))
	accs, err := d.store.Volunteers(d.ctx())
	if err != nil {
		d.tell("error.people", "people", err)
	}
	for _, a := range accs {
		if !a.HasPIN {
			continue
		}
		state := lang.L("people.role." + string(a.Role))
		if !a.Active {
			state = lang.L("people.inactive")
		}
		id := a.ID
		reset := widget.NewButtonWithIcon(lang.L("people.reset_pin"), theme.ViewRefreshIcon(),
			func() {
				d.askPIN(lang.L("people.reset_pin"), func(pin string) error {
					return d.store.SetPIN(d.ctx(), id, pin)
				})
			})
		reset.Importance = widget.LowImportance
		stop := widget.NewButtonWithIcon(lang.L("people.deactivate"), theme.CancelIcon(), func() {
			if err := d.store.Deactivate(d.ctx(), id); err != nil {
				d.tellText(peopleError(err))
				return
			}
			d.show(pageSettings)
		})
		stop.Importance = widget.LowImportance
		if !a.Active || a.ID == d.account.ID {
			stop.Disable()
		}
		box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(reset, stop),
			widget.NewLabel(a.Name+" · "+state)))
	}

	name := d.newEntry()
	name.SetPlaceHolder(lang.L("people.name"))
	labels := make([]string, len(roles))
	for i, r := range roles {
		labels[i] = lang.L("people.role." + string(r))
	}
	role := widget.NewSelect(labels, nil)
	role.SetSelectedIndex(0)
	add := widget.NewButtonWithIcon(lang.L("people.add"), theme.ContentAddIcon(), func() {
		r := roles[role.SelectedIndex()]
		d.askPIN(lang.L("people.add"), func(pin string) error {
			_, err := d.store.AddVolunteer(d.ctx(), name.Text, r, pin)
			if err == nil {
				d.show(pageSettings)
			}
			return err
		})
	})
	box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(role, add), name))
	box.Add(d.keepingSettings())
	return box
}

// keepingSettings are the idle lock and how many days closed, synced
// visits are kept before the purge.
func (d *Desk) keepingSettings() fyne.CanvasObject {
	ctx := d.ctx()
	minutes := []int{1, 2, 5, 10, 15, 30}
	opts := make([]string, len(minutes))
	for i, m := range minutes {
		opts[i] = lang.L("people.minutes", map[string]any{"Count": m})
	}
	idle := widget.NewSelect(opts, nil)
	if cur, err := d.store.IdleLock(ctx); err == nil {
		for i, m := range minutes {
			if time.Duration(m)*time.Minute == cur {
				idle.SetSelectedIndex(i)
			}
		}
	}
	idle.OnChanged = func(string) {
		m := time.Duration(minutes[idle.SelectedIndex()]) * time.Minute
		if err := d.store.SetIdleLock(d.ctx(), m); err != nil {
			d.tellText(peopleError(err))
		}
	}
	days := d.newPlainEntry()
	if n, err := d.store.PurgeDays(ctx); err == nil {
		days.SetText(strconv.Itoa(n))
	}
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	msg.Hide()
	days.OnChanged = func(s string) {
		n, err := strconv.Atoi(s)
		if err == nil {
			err = d.store.SetPurgeDays(d.ctx(), n)
		}
		if err != nil {
			msg.SetText(lang.L("people.days_bad", map[string]any{"Max": store.MaxPurgeDays}))
			msg.Importance = widget.DangerImportance
			msg.Show()
			return
		}
		msg.Hide()
	}
	return widget.NewForm(widget.NewFormItem(lang.L("people.idle"), idle),
		widget.NewFormItem(lang.L("people.keep_days"), container.NewVBox(days, msg)))
}

// askPIN asks for a new PIN twice and hands it to use, showing what is
// wrong with it until use accepts it.
func (d *Desk) askPIN(title string, use func(pin string) error) {
	pin := d.newPasswordEntry()
	pin.SetPlaceHolder(lang.L("setup.pin"))
	again := d.newPasswordEntry()
	again.SetPlaceHolder(lang.L("setup.pin_again"))
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	msg.Importance = widget.DangerImportance
	var dlg dialog.Dialog
	ok := widget.NewButton(lang.L("people.save"), func() {
		if pin.Text != again.Text {
			msg.SetText(lang.L("setup.not_same"))
			return
		}
		if err := use(pin.Text); err != nil {
			msg.SetText(peopleError(err))
			return
		}
		dlg.Hide()
	})
	ok.Importance = widget.HighImportance
	dlg = dialog.NewCustom(title, lang.L("card.cancel"),
		container.NewVBox(pin, again, ok, msg), d.win)
	dlg.Resize(fyne.NewSize(420, 0))
	dlg.Show()
}

// peopleError says what went wrong with a volunteer's account.
func peopleError(err error) string {
	var weak auth.PINProblem
	switch {
	case errors.As(err, &weak):
		return lang.L(string(weak))
	case errors.Is(err, store.ErrLastAdmin):
		return lang.L("people.last_admin")
	case errors.Is(err, store.ErrInvalid):
		return lang.L("people.invalid")
	}
	return fmt.Sprint(lang.L("error.people"))
}
