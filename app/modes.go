package app

import (
	"image/color"
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"tiepsuc/guides"
)

// A mode takes the whole window for one guide: the citizen's large-text
// mode or the trainer's presenter mode. While a mode is on, the desk's
// frame is set aside and the keyboard goes to the mode.

// largeScale is the text size of the citizen mode against the desk's:
// at least twice, as the citizens it is for often read with difficulty.
const largeScale = 2.2

// enterMode shows obj full screen in place of the desk's frame, sending
// every key to keys until leaveMode.
func (d *Desk) enterMode(obj fyne.CanvasObject, keys func(*fyne.KeyEvent)) {
	d.win.Canvas().Unfocus()
	d.modeKeys = keys
	d.win.SetContent(obj)
	d.win.SetFullScreen(true)
}

// leaveMode puts the desk's frame back as it was.
func (d *Desk) leaveMode() {
	d.modeKeys = nil
	d.win.SetFullScreen(false)
	d.win.SetContent(d.root)
	d.win.Canvas().Unfocus()
}

// stepPicture returns the picture of step s of g at least min in size, or
// nil when the step has none.
func stepPicture(lib *guides.Library, g guides.Guide, s guides.Step,
	min fyne.Size) fyne.CanvasObject {
	if s.Picture == "" {
		return nil
	}
	data, err := lib.Picture(s.Picture)
	if err != nil {
		slog.Error("read guide picture", "op", "guide", "guide", g.ID, "err", err)
		return nil
	}
	img := canvas.NewImageFromResource(fyne.NewStaticResource(s.Picture, data))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(min)
	return img
}

// modeTheme is the desk's theme with larger text and, when asked, high
// contrast: white on black with a yellow accent, for citizens who see
// the screen poorly.
type modeTheme struct {
	fyne.Theme
	scale    float32
	contrast bool
}

// highContrast holds the colours the high-contrast theme changes.
var highContrast = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:          color.Black,
	theme.ColorNameForeground:          color.White,
	theme.ColorNamePrimary:             color.NRGBA{R: 0xff, G: 0xd4, B: 0x00, A: 0xff},
	theme.ColorNameForegroundOnPrimary: color.Black,
	theme.ColorNameButton:              color.NRGBA{R: 0x26, G: 0x26, B: 0x26, A: 0xff},
	theme.ColorNameInputBackground:     color.NRGBA{R: 0x16, G: 0x16, B: 0x16, A: 0xff},
	theme.ColorNameSeparator:           color.White,
	theme.ColorNameFocus:               color.NRGBA{R: 0xff, G: 0xd4, B: 0x00, A: 0x88},
	theme.ColorNameHover:               color.NRGBA{R: 0x40, G: 0x40, B: 0x40, A: 0xff},
	theme.ColorNameDisabled:            color.NRGBA{R: 0x9e, G: 0x9e, B: 0x9e, A: 0xff},
	theme.ColorNameDisabledButton:      color.NRGBA{R: 0x1a, G: 0x1a, B: 0x1a, A: 0xff},
}

// Color returns the high-contrast colours when they are on.
func (t *modeTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.contrast {
		if c, ok := highContrast[n]; ok {
			return c
		}
		return t.Theme.Color(n, theme.VariantDark)
	}
	return t.Theme.Color(n, v)
}

// Size scales text, and the padding and icons with it, so buttons grow
// with their words.
func (t *modeTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.Theme.Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon:
		return s * t.scale
	case theme.SizeNamePadding, theme.SizeNameInnerPadding:
		return s * (1 + (t.scale-1)/2)
	}
	return s
}
