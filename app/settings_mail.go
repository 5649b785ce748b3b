package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/store"
	"tiepsuc/sync/mail"
)

// Setting keys of the center's mailbox; the password is kept sealed.
const (
	settingMailAddr     = "mail.addr"
	settingMailUser     = "mail.user"
	settingMailPassword = "mail.password"
	settingMailSecurity = "mail.security"
	settingMailBox      = "mail.mailbox"
	mailSealPurpose     = "mail-password"
)

// mailSecurities are the ways to reach the mailbox, safest first.
var mailSecurities = []mail.Security{mail.TLS, mail.STARTTLS, mail.Plain}

// securityName names a way to reach the mailbox in settings and keys.
func securityName(s mail.Security) string {
	switch s {
	case mail.STARTTLS:
		return "starttls"
	case mail.Plain:
		return "plain"
	}
	return "tls"
}

// MailWatcher returns the mailbox watcher set up in Settings, or nil when
// none is set up or its password cannot be opened on this computer.
func MailWatcher(ctx context.Context, st *store.Store) (*mail.Watcher, error) {
	get := func(k string) string {
		v, _, _ := st.Setting(ctx, k)
		return v
	}
	addr := get(settingMailAddr)
	if addr == "" {
		return nil, nil
	}
	pw := ""
	if sealed := get(settingMailPassword); sealed != "" {
		var err error
		if pw, err = st.OpenSecret(sealed, mailSealPurpose); err != nil {
			return nil, fmt.Errorf("mail settings: %w", err)
		}
	}
	w := &mail.Watcher{Addr: addr, Username: get(settingMailUser), Password: pw,
		Mailbox: get(settingMailBox), Security: mail.TLS, Timeout: 30 * time.Second}
	for _, s := range mailSecurities {
		if securityName(s) == get(settingMailSecurity) {
			w.Security = s
		}
	}
	return w, nil
}

// mailSettings sets up the center's mailbox, where status mails arrive:
// server, user, password (kept sealed) and how to connect. Pressing the
// button keeps them and starts reading the mailbox at once.
func (d *Desk) mailSettings() fyne.CanvasObject {
	ctx := context.Background()
	addr := d.newPlainEntry()
	addr.SetPlaceHolder(lang.L("mail.addr_hint"))
	addr.SetText(d.setting(settingMailAddr, ""))
	user := d.newPlainEntry()
	user.SetPlaceHolder(lang.L("mail.user_hint"))
	user.SetText(d.setting(settingMailUser, ""))
	pw := d.newPasswordEntry()
	pw.SetPlaceHolder(lang.L("mail.password_hint"))
	labels := make([]string, len(mailSecurities))
	for i, s := range mailSecurities {
		labels[i] = lang.L("mail.security." + securityName(s))
	}
	sec := widget.NewSelect(labels, nil)
	sec.SetSelectedIndex(0)
	for i, s := range mailSecurities {
		if securityName(s) == d.setting(settingMailSecurity, "") {
			sec.SetSelectedIndex(i)
		}
	}
	state := widget.NewLabel("")
	state.Wrapping = fyne.TextWrapWord
	use := widget.NewButtonWithIcon(lang.L("mail.use"), theme.MailComposeIcon(), func() {
		err := d.keepMail(ctx, strings.TrimSpace(addr.Text), strings.TrimSpace(user.Text),
			pw.Text, mailSecurities[sec.SelectedIndex()])
		if err != nil {
			d.tell("error.save_setting", "mail", err)
			return
		}
		pw.SetText("")
		state.SetText(lang.L("mail.kept"))
		state.Importance = widget.SuccessImportance
		state.Refresh()
		d.restartSync()
	})
	form := widget.NewForm(
		widget.NewFormItem(lang.L("mail.addr"), addr),
		widget.NewFormItem(lang.L("mail.user"), user),
		widget.NewFormItem(lang.L("mail.password"), pw),
		widget.NewFormItem(lang.L("mail.security"), sec),
	)
	note := widget.NewLabel(lang.L("mail.note"))
	note.Wrapping = fyne.TextWrapWord
	note.TextStyle = fyne.TextStyle{Italic: true}
	return container.NewVBox(boldLabel(lang.L("mail.title")), note, form,
		container.NewHBox(use), state)
}

// keepMail stores the mailbox settings, the password sealed under a key
// derived from the desk's data key; an empty password keeps the one stored before.
func (d *Desk) keepMail(ctx context.Context, addr, user, pw string, sec mail.Security) error {
	set := map[string]string{settingMailAddr: addr, settingMailUser: user,
		settingMailSecurity: securityName(sec)}
	if pw != "" {
		sealed, err := d.store.SealSecret(pw, mailSealPurpose)
		if err != nil {
			return fmt.Errorf("keep mail settings: %w", err)
		}
		set[settingMailPassword] = sealed
	}
	for k, v := range set {
		if err := d.store.SetSetting(ctx, k, v); err != nil {
			return fmt.Errorf("keep mail settings: %w", err)
		}
	}
	return nil
}
