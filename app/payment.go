package app

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/catalogue"
	"tiepsuc/internal/store"
	"tiepsuc/internal/vietqr"
	"tiepsuc/internal/vntext"
)

// Draft fields of the payment step.
const (
	// fieldPaymentMethod is how the fee is paid: paymentPortal or
	// paymentTransfer.
	fieldPaymentMethod = "payment.method"
	// fieldPaymentState is one of the payment states below.
	fieldPaymentState = "payment.state"
	// fieldPaymentRef is the bank's reference of a paid transfer.
	fieldPaymentRef = "payment.ref"
	// fieldPaymentAt is when the state last changed, RFC 3339.
	fieldPaymentAt = "payment.at"
)

// Ways of paying and payment states, as kept in the draft.
const (
	paymentPortal   = "portal"
	paymentTransfer = "transfer"

	paymentNotNeeded = "not_needed"
	paymentWaiting   = "waiting"
	paymentPaid      = "paid"
	paymentFailed    = "failed"
)

// paymentStates are offered in this order.
var paymentStates = []string{paymentNotNeeded, paymentWaiting, paymentPaid, paymentFailed}

// Settings of the center's account that receives fees by transfer.
const (
	settingFeeBIN     = "fee_bank_bin"
	settingFeeAccount = "fee_account"
	settingFeeName    = "fee_account_name"
)

// qrSide is the VietQR code's side on screen, in Fyne units: large enough
// for a phone held at arm's length to read it (about 9 cm on a 96-dpi
// screen, see vietqr.DefaultQRSide).
const qrSide = 360

// paymentPart is the payment step: the fee and how to pay it, the VietQR
// code to scan when it goes to the center's account, and the state of the
// payment with the bank's reference and when it changed.
func (v *sessionView) paymentPart() fyne.CanvasObject {
	p, ok := v.d.catalog().ByID(v.draft.Fields[store.FieldNeedProcedure])
	if !ok {
		msg := widget.NewLabel(lang.L("payment.no_procedure"))
		msg.Wrapping = fyne.TextWrapWord
		choose := widget.NewButton(lang.L("section.dossier"), func() { v.goTo(sectionDossier) })
		return part("section.payment", msg, container.NewHBox(choose))
	}
	amount, known := onlineFee(p)
	if known && amount == 0 {
		free := widget.NewLabel(lang.L("payment.free"))
		free.Wrapping = fyne.TextWrapWord
		free.Importance = widget.SuccessImportance
		return part("section.payment", widget.NewLabel(v.feeLine(p)), free,
			widget.NewSeparator(), v.paymentState())
	}
	fee := widget.NewLabel(v.feeLine(p))
	fee.TextStyle = fyne.TextStyle{Bold: true}
	fee.Wrapping = fyne.TextWrapWord
	objs := []fyne.CanvasObject{fee}
	if ex := p.Fees.Exempt.In(v.d.language); ex != "" {
		l := widget.NewLabel(lang.L("payment.exempt", map[string]any{"Who": ex}))
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}

	how := container.NewVBox()
	methods := []string{lang.L("payment.method.portal"), lang.L("payment.method.transfer")}
	method := widget.NewRadioGroup(methods, nil)
	current := v.draft.Fields[fieldPaymentMethod]
	if current == "" {
		current = paymentPortal
		if p.Fees.PaidAt == catalogue.PaidAtCenterAccount {
			current = paymentTransfer
		}
	}
	showHow := func(m string) {
		if m == paymentTransfer {
			how.Objects = []fyne.CanvasObject{v.transferQR(p, amount, known)}
		} else {
			how.Objects = []fyne.CanvasObject{v.portalHow()}
		}
		how.Refresh()
	}
	method.SetSelected(methods[map[string]int{paymentPortal: 0, paymentTransfer: 1}[current]])
	method.OnChanged = func(s string) {
		m := paymentPortal
		if s == methods[1] {
			m = paymentTransfer
		}
		v.set(fieldPaymentMethod, m)
		showHow(m)
	}
	showHow(current)
	objs = append(objs, widget.NewForm(widget.NewFormItem(lang.L("payment.method"), method)),
		how, widget.NewSeparator(), v.paymentState())
	return part("section.payment", objs...)
}

// onlineFee is the procedure's usual online fee and whether it is known.
func onlineFee(p catalogue.Procedure) (int64, bool) {
	if len(p.Fees.Cases) == 0 || !p.Fees.Cases[0].Online.Known {
		return 0, false
	}
	return p.Fees.Cases[0].Online.VND, true
}

// portalHow says the fee is paid in the portal's payment page, with the
// guide that shows how.
func (v *sessionView) portalHow() fyne.CanvasObject {
	l := widget.NewLabel(lang.L("payment.portal_how"))
	l.Wrapping = fyne.TextWrapWord
	g, ok := v.d.lib.Guide("pay-portal")
	if !ok {
		return l
	}
	open := widget.NewButtonWithIcon(g.Title.In(v.d.language), theme.MediaPlayIcon(),
		func() { v.d.citizenMode(g, 0, nil, nil) })
	return container.NewVBox(l, container.NewHBox(open))
}

// transferQR is the VietQR code of a transfer of amount to the center's
// account, with the amount and purpose written beside it, or a message
// saying what is missing to make it.
func (v *sessionView) transferQR(p catalogue.Procedure, amount int64,
	known bool) fyne.CanvasObject {
	pay := vietqr.Payment{BIN: v.d.setting(settingFeeBIN, ""), Service: vietqr.ToAccount,
		Number: v.d.setting(settingFeeAccount, ""), Amount: amount,
		Purpose: paymentPurpose(v.draft)}
	if pay.BIN == "" || pay.Number == "" {
		l := widget.NewLabel(lang.L("payment.no_account"))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		return l
	}
	payload, err := vietqr.Build(pay)
	if err != nil {
		return qrProblem(err)
	}
	qr, err := vietqr.QRImage(payload, vietqr.DefaultQRSide)
	if err != nil {
		return qrProblem(err)
	}
	img := canvas.NewImageFromImage(qr)
	img.ScaleMode = canvas.ImageScalePixels
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(qrSide, qrSide))
	bank, _ := vietqr.BankByBIN(pay.BIN)
	amountText := lang.L("payment.amount_typed")
	if known && amount > 0 {
		amountText = vntext.FormatMoney(amount)
	}
	facts := widget.NewLabel(lang.L("payment.transfer_facts", map[string]any{
		"Bank": bank.ShortName, "Account": pay.Number,
		"Name":   v.d.setting(settingFeeName, ""),
		"Amount": amountText, "Purpose": pay.Purpose}))
	facts.Wrapping = fyne.TextWrapWord
	facts.TextStyle = fyne.TextStyle{Bold: true}
	note := widget.NewLabel(lang.L("payment.transfer_note"))
	note.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, img, nil, container.NewVBox(facts, note))
}

// qrProblem says why the code could not be made, in the volunteer's words.
func qrProblem(err error) fyne.CanvasObject {
	l := widget.NewLabel(qrProblemText(err))
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	return l
}

// qrProblemText is the message of a VietQR error, in the desk's language.
func qrProblemText(err error) string {
	text := lang.L("payment.qr_failed")
	if e, ok := vietqr.AsError(err); ok {
		data := map[string]any{}
		for k, val := range e.Data() {
			data[k] = val
		}
		text += "\n" + lang.L(e.Key(), data)
	}
	return text
}

// paymentPurpose names the dossier in the transfer's content, within the
// 25 bytes VietQR allows: the portal's dossier code once there is one,
// else the desk's draft number.
func paymentPurpose(d store.Draft) string {
	if c := d.Fields[store.FieldDossierCode]; c != "" && len(c) <= vietqr.MaxPurpose {
		return c
	}
	return fmt.Sprintf("TIEP SUC HS %d", d.ID)
}

// paymentState records whether the fee is paid, with the bank's reference
// and when the state changed.
func (v *sessionView) paymentState() fyne.CanvasObject {
	labels := make([]string, len(paymentStates))
	for i, st := range paymentStates {
		labels[i] = lang.L("payment.state." + st)
	}
	state := widget.NewRadioGroup(labels, nil)
	state.Horizontal = true
	when := widget.NewLabel("")
	showWhen := func() {
		at, err := time.Parse(time.RFC3339, v.draft.Fields[fieldPaymentAt])
		if err != nil {
			when.SetText("")
			return
		}
		when.SetText(lang.L("payment.since", map[string]any{
			"Time": formatDateTime(at.In(v.d.now().Location()))}))
	}
	ref := v.d.newPlainEntry()
	ref.SetPlaceHolder(lang.L("payment.ref_hint"))
	ref.SetText(v.draft.Fields[fieldPaymentRef])
	ref.OnChanged = func(s string) { v.set(fieldPaymentRef, vntext.NFC(s)) }
	refRow := widget.NewForm(widget.NewFormItem(lang.L("payment.ref"), ref))
	for i, st := range paymentStates {
		if st == v.draft.Fields[fieldPaymentState] {
			state.SetSelected(labels[i])
		}
	}
	showRef := func() {
		if v.draft.Fields[fieldPaymentState] == paymentPaid {
			refRow.Show()
		} else {
			refRow.Hide()
		}
	}
	state.OnChanged = func(s string) {
		for i, l := range labels {
			if l == s && paymentStates[i] != v.draft.Fields[fieldPaymentState] {
				v.set(fieldPaymentState, paymentStates[i])
				v.set(fieldPaymentAt, v.d.now().Format(time.RFC3339))
			}
		}
		showWhen()
		showRef()
	}
	showWhen()
	showRef()
	return container.NewVBox(boldLabel(lang.L("payment.state")), state, when, refRow)
}

// feeSettings is where the desk admin types the center's account that
// receives fees by transfer, checked by making a test code.
func (d *Desk) feeSettings() fyne.CanvasObject {
	banks, err := vietqr.Banks()
	if err != nil {
		banks = nil
	}
	labels := make([]string, len(banks))
	for i, b := range banks {
		labels[i] = fmt.Sprintf("%s (%s)", b.ShortName, b.BIN)
	}
	bank := widget.NewSelect(labels, nil)
	bank.PlaceHolder = lang.L("need.choose")
	for i, b := range banks {
		if b.BIN == d.setting(settingFeeBIN, "") {
			bank.SetSelectedIndex(i)
		}
	}
	account := d.settingEntry(settingFeeAccount, "settings.fee_account_hint", true)
	name := d.settingEntry(settingFeeName, "settings.fee_name_hint", false)
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	msg.Hide()
	check := func() {
		bin, number := d.setting(settingFeeBIN, ""), d.setting(settingFeeAccount, "")
		if bin == "" || number == "" {
			msg.Hide()
			return
		}
		_, err := vietqr.Build(vietqr.Payment{BIN: bin, Service: vietqr.ToAccount,
			Number: number})
		if err == nil {
			msg.SetText(lang.L("settings.fee_ok"))
			msg.Importance = widget.SuccessImportance
		} else {
			msg.SetText(qrProblemText(err))
			msg.Importance = widget.DangerImportance
		}
		msg.Show()
	}
	bank.OnChanged = func(string) {
		b := banks[bank.SelectedIndex()]
		if err := d.store.SetSetting(context.Background(), settingFeeBIN, b.BIN); err != nil {
			d.tell("error.save_setting", "settings", err)
		}
		check()
	}
	prev := account.OnChanged
	account.OnChanged = func(s string) { prev(s); check() }
	check()
	head := boldLabel(lang.L("settings.fee_title"))
	form := widget.NewForm(widget.NewFormItem(lang.L("settings.fee_bank"), bank),
		widget.NewFormItem(lang.L("settings.fee_account"), account),
		widget.NewFormItem(lang.L("settings.fee_name"), name))
	return container.NewVBox(head, form, msg)
}
