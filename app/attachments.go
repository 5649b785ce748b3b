package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/catalogue"
	"tiepsuc/internal/attach"
	"tiepsuc/internal/store"
)

// attachFolder holds the attachments in the data folder, named by their
// checksums.
const attachFolder = "attachments"

// thumbSide is a thumbnail's side in pixels.
const thumbSide = 72

// files opens the desk's attachment folder on first use.
func (d *Desk) files() (*attach.Store, error) {
	if d.attachments == nil {
		s, err := attach.OpenStore(filepath.Join(filepath.Dir(d.store.Path()), attachFolder))
		if err != nil {
			return nil, err
		}
		d.attachments = s
	}
	return d.attachments, nil
}

// attachmentsBox lists the dossier's photos and files with their
// thumbnails, size, paper and upload state, and adds, joins or removes
// them.
func (v *sessionView) attachmentsBox(p catalogue.Procedure) fyne.CanvasObject {
	box := container.NewVBox()
	papers := []string{lang.L("attach.any_paper")}
	for _, paper := range p.Papers {
		papers = append(papers, paper.Name.In(v.d.language))
	}
	which := widget.NewSelect(papers, nil)
	which.SetSelectedIndex(0)
	var fill func()
	paperOf := func() string {
		if which.SelectedIndex() <= 0 {
			return ""
		}
		return fmt.Sprintf("%s.%d", p.ID, which.SelectedIndex()-1)
	}
	add := widget.NewButtonWithIcon(lang.L("attach.add"), theme.ContentAddIcon(), func() {
		open := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			defer r.Close()
			v.addAttachment(r.URI().Name(), r, paperOf(), fill)
		}, v.d.win)
		open.Show()
	})
	join := widget.NewButtonWithIcon(lang.L("attach.join"), theme.DocumentIcon(),
		func() { v.joinPhotos(paperOf(), fill) })
	list := container.NewVBox()
	fill = func() {
		list.Objects = v.attachmentRows(p, fill)
		list.Refresh()
		photos := 0
		for _, a := range v.attachmentList() {
			if a.Kind != string(attach.PDF) {
				photos++
			}
		}
		setEnabled(join, photos >= 2)
	}
	fill()
	note := widget.NewLabel(lang.L("attach.note"))
	note.Wrapping = fyne.TextWrapWord
	note.TextStyle = fyne.TextStyle{Italic: true}
	box.Add(widget.NewSeparator())
	box.Add(boldLabel(lang.L("attach.title")))
	box.Add(note)
	box.Add(container.NewBorder(nil, nil, widget.NewLabel(lang.L("attach.for_paper")),
		container.NewHBox(add, join), which))
	box.Add(list)
	return box
}

// attachmentList reads the draft's attachments, telling the volunteer if
// they cannot be read.
func (v *sessionView) attachmentList() []store.Attachment {
	as, err := v.d.store.Attachments(context.Background(), v.draft.ID)
	if err != nil {
		slog.Error("read attachments", "op", "attach", "draft", v.draft.ID, "err", err)
		return nil
	}
	return as
}

// attachmentRows is one row per attachment: thumbnail, what it is, its
// paper, whether it reached the hub, and a remove button.
func (v *sessionView) attachmentRows(p catalogue.Procedure, refill func()) []fyne.CanvasObject {
	as := v.attachmentList()
	if len(as) == 0 {
		return []fyne.CanvasObject{widget.NewLabel(lang.L("attach.none"))}
	}
	files, err := v.d.files()
	rows := make([]fyne.CanvasObject, 0, len(as))
	for _, a := range as {
		thumb := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
		var pic fyne.CanvasObject = thumb
		if err == nil {
			if data, _, lerr := files.Load(a.SHA256); lerr == nil {
				if img, terr := attach.Thumbnail(data, attach.Kind(a.Kind),
					thumbSide); terr == nil {
					c := canvas.NewImageFromImage(img)
					c.FillMode = canvas.ImageFillContain
					pic = c
				}
			} else {
				pic = widget.NewIcon(theme.WarningIcon())
			}
		}
		holder := container.NewGridWrap(fyne.NewSize(thumbSide, thumbSide), pic)
		what := lang.L("attach.kind."+a.Kind, map[string]any{"Size": sizeText(a.Size)})
		if paper := paperName(p, a.Paper, v.d.language); paper != "" {
			what += " · " + paper
		}
		label := widget.NewLabel(what + "\n" + uploadText(a.Upload))
		label.Wrapping = fyne.TextWrapWord
		if a.Upload.State == "refused" {
			label.Importance = widget.DangerImportance
		}
		sha := a.SHA256
		remove := widget.NewButtonWithIcon(lang.L("attach.remove"), theme.DeleteIcon(), func() {
			dialog.ShowConfirm(lang.L("attach.remove_title"), lang.L("attach.remove_ask"),
				func(ok bool) {
					if ok {
						v.removeAttachment(sha)
						refill()
					}
				}, v.d.win)
		})
		remove.Importance = widget.LowImportance
		rows = append(rows, container.NewBorder(nil, nil, holder, remove, label))
	}
	return rows
}

// paperName names the paper "proc.i" an attachment is for, or "".
func paperName(p catalogue.Procedure, paper, lng string) string {
	var i int
	if _, err := fmt.Sscanf(paper, p.ID+".%d", &i); err != nil || i < 0 ||
		i >= len(p.Papers) {
		return ""
	}
	return p.Papers[i].Name.In(lng)
}

// sizeText writes a size in MB or KB, with a comma, the Vietnamese way.
func sizeText(n int64) string {
	if n >= attach.MB/10 {
		return lang.L("attach.mb", map[string]any{"Size": decimalComma(float64(n) / attach.MB)})
	}
	return lang.L("attach.kb", map[string]any{"Size": (n + 1023) / 1024})
}

// decimalComma writes x with one decimal and a comma: 1,2.
func decimalComma(x float64) string {
	s := fmt.Sprintf("%.1f", x)
	for i := range s {
		if s[i] == '.' {
			return s[:i] + "," + s[i+1:]
		}
	}
	return s
}

// uploadText says whether the file reached the province's hub.
func uploadText(u store.UploadState) string {
	switch u.State {
	case "done":
		return lang.L("attach.up.done")
	case "sending":
		pct := 0
		if u.Size > 0 {
			pct = int(u.Sent * 100 / u.Size)
		}
		return lang.L("attach.up.sending", map[string]any{"Percent": pct})
	case "queued":
		return lang.L("attach.up.queued")
	case "refused":
		if u.ReasonKey != "" {
			return lang.L(u.ReasonKey)
		}
		return lang.L("attach.up.refused")
	}
	return lang.L("attach.up.local")
}

// addAttachment checks, perhaps shrinks, stores and attaches the file,
// or says plainly why it cannot.
func (v *sessionView) addAttachment(name string, r io.Reader, paper string, done func()) {
	data, kind, err := attach.Read(name, r)
	if err != nil {
		v.d.tellText(attachError(err))
		return
	}
	keep := func(data []byte) {
		v.storeAttachment(data, paper)
		done()
	}
	if kind == attach.PDF || len(data) <= attach.PortalTarget {
		keep(data)
		return
	}
	dialog.ShowCustomConfirm(lang.L("attach.big_title"), lang.L("attach.shrink"),
		lang.L("attach.keep_big"), widget.NewLabel(lang.L("attach.big_ask",
			map[string]any{"Size": sizeText(int64(len(data))),
				"Target": sizeText(attach.PortalTarget)})), func(shrink bool) {
			if !shrink {
				keep(data)
				return
			}
			small, err := attach.Shrink(data, attach.PortalTarget)
			if err != nil && !errors.Is(err, attach.ErrTarget) {
				v.d.tellText(attachError(err))
				return
			}
			if err != nil {
				v.d.tellText(attachError(err))
			}
			keep(small)
		}, v.d.win)
}

// storeAttachment writes data to the attachment folder and adds it to the
// draft.
func (v *sessionView) storeAttachment(data []byte, paper string) {
	files, err := v.d.files()
	if err != nil {
		v.d.tell("error.attach", "attach", err)
		return
	}
	ref, err := files.Put(data)
	if err != nil {
		v.d.tell("error.attach", "attach", err)
		return
	}
	_, err = v.d.store.AddAttachment(context.Background(), v.draft.ID, store.AttachmentRef{
		SHA256: ref.SHA256, Kind: string(ref.Kind), Size: ref.Size, Paper: paper})
	if err != nil {
		v.d.tell("error.attach", "attach", err)
	}
}

// removeAttachment takes the file off the draft, and off the disk when no
// other draft uses it.
func (v *sessionView) removeAttachment(sha string) {
	ctx := context.Background()
	if _, err := v.d.store.RemoveAttachment(ctx, v.draft.ID, sha); err != nil {
		v.d.tell("error.attach", "attach", err)
		return
	}
	used, err := v.d.store.AttachmentInUse(ctx, sha)
	if err != nil || used {
		return
	}
	if files, err := v.d.files(); err == nil {
		if err := files.Remove(sha); err != nil {
			slog.Warn("remove attachment file", "op", "attach", "err", err)
		}
	}
}

// joinPhotos puts every photo of the draft into one PDF, for portals that
// take one file per paper; the photos stay too.
func (v *sessionView) joinPhotos(paper string, done func()) {
	files, err := v.d.files()
	if err != nil {
		v.d.tell("error.attach", "attach", err)
		return
	}
	var photos [][]byte
	for _, a := range v.attachmentList() {
		if a.Kind == string(attach.PDF) {
			continue
		}
		data, _, err := files.Load(a.SHA256)
		if err != nil {
			v.d.tellText(attachError(err))
			return
		}
		photos = append(photos, data)
	}
	pdf, err := attach.JoinPDF(photos, attach.A4)
	if err != nil {
		v.d.tellText(attachError(err))
		return
	}
	v.storeAttachment(pdf, paper)
	done()
}

// attachError is the message of an attachment error in the desk's
// language, with the file's name when there is one.
func attachError(err error) string {
	var e *attach.Error
	if !errors.As(err, &e) {
		return lang.L("error.attach")
	}
	data := map[string]any{}
	for k, val := range e.Data {
		data[k] = val
	}
	text := lang.L(e.Key, data)
	if e.Name != "" {
		text = e.Name + ": " + text
	}
	return text
}
