package app

import (
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/guides"
	"tiepsuc/internal/store"
	"tiepsuc/internal/takehome"
)

// cardsFolder is where take-home cards are written, in the data folder.
// Cards hold no personal data, only the guide and how far it went.
const cardsFolder = "cards"

// askCard asks for the paper size, then writes the take-home card of g
// with the citizen having reached step (1-based; 0 for none), and the
// draft's hand-off code when there is one, and offers to open it for
// printing.
func (d *Desk) askCard(g guides.Guide, step int, handOff string) {
	papers := []string{lang.L("card.a5"), lang.L("card.a4")}
	paper := widget.NewRadioGroup(papers, nil)
	paper.Required = true
	paper.SetSelected(papers[0])
	// The card is for the citizen: Vietnamese unless chosen otherwise,
	// whatever language the volunteer's screen is in.
	langs := []string{lang.L("settings.language.vi"), lang.L("settings.language.en")}
	cardLang := widget.NewRadioGroup(langs, nil)
	cardLang.Horizontal = true
	cardLang.Required = true
	cardLang.SetSelected(langs[0])
	note := widget.NewLabel(lang.L("card.note"))
	note.Wrapping = fyne.TextWrapWord
	ask := dialog.NewCustomConfirm(lang.L("card.title"), lang.L("card.make"),
		lang.L("card.cancel"), container.NewVBox(note, paper, cardLang), func(ok bool) {
			if !ok {
				return
			}
			size := takehome.A5
			if paper.Selected == papers[1] {
				size = takehome.A4
			}
			code := "vi"
			if cardLang.Selected == langs[1] {
				code = "en"
			}
			d.makeCard(g, step, size, handOff, code)
		}, d.win)
	ask.Resize(fyne.NewSize(480, 0))
	ask.Show()
}

// makeCard writes the card and shows where, with a button to open it.
func (d *Desk) makeCard(g guides.Guide, step int, paper takehome.Paper, handOff,
	cardLang string) {
	pdf, err := takehome.Card(takehome.CardInput{Guide: g, Lang: cardLang, Paper: paper,
		Step: step, Desk: d.setting(settingDeskName, ""), Date: d.now(), HandOff: handOff})
	if err != nil {
		d.tell("error.card", "card", err)
		return
	}
	name := fmt.Sprintf("%s-%d-%s-%s.pdf", g.ID, step, paper, d.now().Format("20060102-150405"))
	if d.account != nil && d.session != nil {
		if err := d.store.Audit(d.ctx(), d.account.ID, store.AuditExport,
			d.session.draft.ID, "take_home_card"); err != nil {
			slog.Error("audit export", "op", "audit", "err", err)
		}
	}
	d.savePDF(name, pdf)
}

// savePDF writes a printable PDF to the data folder's cards folder and
// offers to open it for printing.
func (d *Desk) savePDF(name string, pdf []byte) {
	dir := filepath.Join(filepath.Dir(d.store.Path()), cardsFolder)
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		d.tell("error.card", "card", err)
		return
	}
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		d.tell("error.card", "card", err)
		return
	}
	where := widget.NewLabel(lang.L("card.made", map[string]any{"Path": path}))
	where.Wrapping = fyne.TextWrapBreak
	done := dialog.NewCustomConfirm(lang.L("card.title"), lang.L("card.open"),
		lang.L("card.close"), where, func(open bool) {
			if !open {
				return
			}
			u := &url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
			if err := fyne.CurrentApp().OpenURL(u); err != nil {
				d.tell("error.card_open", "card", err)
			}
		}, d.win)
	done.Resize(fyne.NewSize(520, 0))
	done.Show()
}

// openByCode opens the guide whose take-home code ("5LMB-4") was typed, at
// its step, or says what is wrong with the code.
func (d *Desk) openByCode(text string) error {
	code, step, err := takehome.ParseShortCode(text)
	if err != nil {
		return fmt.Errorf("%s", lang.L("card.code_bad"))
	}
	g, ok := takehome.FindByShortCode(d.lib, code)
	if !ok {
		return fmt.Errorf("%s", lang.L("card.code_unknown", map[string]any{"Code": code}))
	}
	d.playGuideAt(g, step-1)
	return nil
}
