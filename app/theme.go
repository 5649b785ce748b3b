package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// deskTheme is Fyne's own light theme with one accent colour, and an
// optional scale for citizens who read large text.
type deskTheme struct {
	fyne.Theme
	scale float32
}

// accent is the one colour the desk uses for what matters most on screen.
var accent = color.NRGBA{R: 0x1d, G: 0x4e, B: 0xd8, A: 0xff}

// newDeskTheme returns the desk's light theme at normal size.
func newDeskTheme() *deskTheme {
	return &deskTheme{Theme: theme.DefaultTheme(), scale: 1}
}

// Color returns the light variant of every colour, with the accent for
// primary and focus.
func (t *deskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary:
		return accent
	case theme.ColorNameFocus:
		return color.NRGBA{R: 0x1d, G: 0x4e, B: 0xd8, A: 0x55}
	}
	return t.Theme.Color(n, theme.VariantLight)
}

// Size scales the text sizes so large-text mode is one switch.
func (t *deskTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.Theme.Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText:
		return s * t.scale
	}
	return s
}
