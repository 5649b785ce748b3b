package app

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/auth"
	"tiepsuc/internal/store"
)

// idleCheck is how often the desk looks whether it has been left idle.
const idleCheck = 15 * time.Second

// ctx is the context of store calls, naming the volunteer signed in so
// that the store and its audit log know who did what.
func (d *Desk) ctx() context.Context {
	if d.account == nil {
		return context.Background()
	}
	return store.WithActor(context.Background(), d.account.ID)
}

// can reports whether the volunteer signed in may do action.
func (d *Desk) can(action auth.Action) bool {
	return d.account != nil && auth.Can(d.account.Role, action)
}

// touch records that someone is using the desk, for the idle lock.
func (d *Desk) touch() { d.lastActive = d.now() }

// checkIdle locks the desk when nobody used it for the idle-lock time.
func (d *Desk) checkIdle() {
	if d.account == nil {
		return
	}
	limit, err := d.store.IdleLock(d.ctx())
	if err != nil || limit <= 0 {
		return
	}
	if d.now().Sub(d.lastActive) >= limit {
		d.lock(true)
	}
}

// watchIdle checks for idleness now and then, on the UI goroutine.
func (d *Desk) watchIdle() func() {
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(idleCheck)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				d.do(d.checkIdle)
			}
		}
	}()
	return func() { close(stop) }
}

// lock signs the volunteer out and shows the sign-in screen; every edit
// was already kept, and the page in hand is left so its saver finishes.
func (d *Desk) lock(idle bool) {
	if d.account == nil {
		return
	}
	if d.modeKeys != nil {
		d.leaveMode()
	}
	d.show(pageHome)
	if err := d.store.SignOut(d.ctx(), d.account.ID, idle); err != nil {
		d.tell("error.sign_out", "sign_out", err)
	}
	d.account = nil
	d.actorID.Store(0)
	d.showGate()
}

// showGate puts the sign-in screen, or the first admin's setup on a new
// desk, in place of the desk's frame.
func (d *Desk) showGate() {
	d.win.Canvas().Unfocus()
	need, err := d.store.NeedsAdmin(d.ctx())
	if err != nil {
		d.tell("error.sign_in", "sign_in", err)
	}
	var obj fyne.CanvasObject
	if need {
		obj = d.setupAdmin()
	} else {
		obj = d.signIn()
	}
	d.win.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(460, 420), obj)))
	if d.focusOnShow != nil {
		d.win.Canvas().Focus(d.focusOnShow)
		d.focusOnShow = nil
	}
}

// enter shows the desk to the volunteer who signed in.
func (d *Desk) enter(acc store.Account) {
	d.account = &acc
	d.actorID.Store(acc.ID)
	d.touch()
	if err := d.store.SetSetting(d.ctx(), settingVolunteer, acc.Name); err != nil {
		d.tell("error.save_setting", "settings", err)
	}
	d.win.SetContent(d.root)
	d.show(pageHome)
}

// signIn asks who is at the desk and their PIN.
func (d *Desk) signIn() fyne.CanvasObject {
	accs, err := d.store.Volunteers(d.ctx())
	if err != nil {
		d.tell("error.sign_in", "sign_in", err)
	}
	var people []store.Account
	var names []string
	for _, a := range accs {
		if a.Active && a.HasPIN {
			people = append(people, a)
			names = append(names, a.Name)
		}
	}
	who := widget.NewSelect(names, nil)
	who.PlaceHolder = lang.L("signin.who")
	pin := d.newPasswordEntry()
	pin.SetPlaceHolder(lang.L("signin.pin"))
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	msg.Importance = widget.DangerImportance
	msg.Hide()
	say := func(text string) {
		msg.SetText(text)
		msg.Show()
	}
	go1 := widget.NewButtonWithIcon(lang.L("signin.go"), theme.LoginIcon(), nil)
	go1.Importance = widget.HighImportance
	try := func() {
		i := who.SelectedIndex()
		if i < 0 {
			say(lang.L("signin.choose"))
			return
		}
		acc, err := d.store.SignIn(d.ctx(), people[i].ID, pin.Text, d.now())
		pin.SetText("")
		var wrong *store.WrongPINError
		var locked *store.LockedError
		switch {
		case errors.As(err, &wrong):
			say(lang.L("signin.wrong", map[string]any{"Left": wrong.AttemptsLeft}))
		case errors.As(err, &locked):
			// Round up: "until 09:41" must not refuse the PIN at 09:41.
			until := locked.Until.In(d.now().Location()).Add(time.Minute - time.Nanosecond)
			say(lang.L("signin.locked", map[string]any{"Time": until.Format("15:04")}))
		case err != nil:
			d.tell("error.sign_in", "sign_in", err)
		default:
			d.enter(acc)
		}
	}
	go1.OnTapped = try
	pin.OnSubmitted = func(string) { try() }
	if len(people) == 1 {
		who.SetSelectedIndex(0) // one volunteer on the desk: only the PIN to type
		d.focusOnShow = pin
	}
	help := widget.NewLabel(lang.L("signin.help"))
	help.Wrapping = fyne.TextWrapWord
	return widget.NewCard(lang.L("signin.title"), d.setting(settingDeskName, ""),
		container.NewVBox(who, pin, go1, msg, help))
}

// setupAdmin makes the first account of a new desk, its admin.
func (d *Desk) setupAdmin() fyne.CanvasObject {
	name := d.newEntry()
	name.SetPlaceHolder(lang.L("setup.name"))
	pin := d.newPasswordEntry()
	pin.SetPlaceHolder(lang.L("setup.pin"))
	again := d.newPasswordEntry()
	again.SetPlaceHolder(lang.L("setup.pin_again"))
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	msg.Importance = widget.DangerImportance
	msg.Hide()
	create := widget.NewButtonWithIcon(lang.L("setup.create"), theme.ConfirmIcon(), func() {
		text := ""
		var weak auth.PINProblem
		switch {
		case name.Text == "":
			text = lang.L("setup.need_name")
		case pin.Text != again.Text:
			text = lang.L("setup.not_same")
		case errors.As(auth.CheckPIN(pin.Text), &weak):
			text = lang.L(string(weak))
		}
		if text != "" {
			msg.SetText(text)
			msg.Show()
			return
		}
		ctx := d.ctx()
		acc, err := d.store.AddVolunteer(ctx, name.Text, auth.RoleAdmin, pin.Text)
		if err == nil {
			acc, err = d.store.SignIn(ctx, acc.ID, pin.Text, d.now())
		}
		if err != nil {
			d.tell("error.sign_in", "setup", err)
			return
		}
		d.enter(acc)
	})
	create.Importance = widget.HighImportance
	// Enter moves on, and on the last box creates the account, so the
	// keyboard alone sets a desk up.
	name.OnSubmitted = func(string) { d.win.Canvas().Focus(pin) }
	pin.OnSubmitted = func(string) { d.win.Canvas().Focus(again) }
	again.OnSubmitted = func(string) { create.OnTapped() }
	d.focusOnShow = name
	intro := widget.NewLabel(lang.L("setup.intro"))
	intro.Wrapping = fyne.TextWrapWord
	return widget.NewCard(lang.L("setup.title"), "", container.NewVBox(intro, name, pin,
		again, create, msg))
}
