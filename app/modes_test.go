package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCitizenModeWithKeyboardAlone: a citizen follows a guide alone in
// large text, full screen, with the keyboard only; "I'm stuck" (H) shows
// the fixes for that step; Esc closes them, then the mode, and the desk
// is as it was.
func TestCitizenModeWithKeyboardAlone(t *testing.T) {
	f := newFixture(t)
	f.tap("Hướng dẫn")
	f.tap("Chữ lớn cho công dân")
	assert.True(t, f.win.FullScreen(), "citizen mode takes the whole screen")
	f.shows("Bước 1/")
	assert.True(t, f.button("Quay lại").Disabled(), "no step before the first")

	f.key(fyne.KeyRight)
	f.shows("Bước 2/")
	f.key(fyne.KeyLeft)
	f.shows("Bước 1/")

	g := f.desk.lib.Guides()[0]
	f.key(fyne.KeyH)
	f.shows("Nếu bác bị vướng ở bước này:")
	for _, b := range g.Steps[0].IfWrong {
		f.shows(b.Fix.In("vi"))
	}
	f.shows("Nếu vẫn chưa được, bác cứ hỏi tình nguyện viên")
	f.key(fyne.KeyEscape)
	f.shows(g.Steps[0].Text.In("vi"))
	f.key(fyne.KeyEscape)
	assert.False(t, f.win.FullScreen())
	f.shows("Hướng dẫn")
	f.button("Chữ lớn cho công dân")
}

// TestCitizenModeTextIsLarge: the citizen mode's text is drawn at least
// twice the desk's size, and high contrast turns the screen black.
func TestCitizenModeTextIsLarge(t *testing.T) {
	f := newFixture(t)
	g, ok := f.desk.lib.Guide("vneid-activate")
	require.True(t, ok)
	f.desk.citizenMode(g, 0, nil, nil)
	th := f.modeTheme()
	base := f.desk.theme.Size("text")
	assert.GreaterOrEqual(t, th.Size("text"), 2*base)

	f.check("Tương phản cao")
	assert.Equal(t, highContrast["background"], th.Color("background", 0))
	img := f.win.Canvas().Capture()
	r, gg, b, _ := img.At(5, 5).RGBA()
	assert.Less(t, r+gg+b, uint32(3*0x2000), "the screen's corner is black")
}

// TestCitizenModeInSessionKeepsThePlace: a volunteer hands the screen to
// the citizen from the session's guide; the steps the citizen goes
// through are kept in the draft, and the player shows the same step after.
func TestCitizenModeInSessionKeepsThePlace(t *testing.T) {
	f := newFixture(t)
	startDetails(f)
	f.tap("3  Nhu cầu")
	f.selectRadio("Học theo hướng dẫn")
	f.selectOption(f.desk.lib.Guides()[0].Title.In("vi"))
	f.tap("Bắt đầu hướng dẫn")
	f.tap("Chữ lớn cho công dân")
	f.tap("Tiếp")
	f.tap("Tiếp")
	f.shows("Bước 3/")
	f.tap("Thoát")
	f.shows("Bước 3/")
	f.flush()
	d, err := f.store.Draft(context.Background(), f.desk.session.draft.ID)
	require.NoError(t, err)
	assert.Equal(t, 2, d.GuideStep)
	assert.Equal(t, f.desk.lib.Guides()[0].ID, d.GuideID)
}

// TestPresenterMode: a trainer presents with a clicker (PageDown/PageUp),
// jumps with Home/End, and picks a step from the overview.
func TestPresenterMode(t *testing.T) {
	f := newFixture(t)
	g, ok := f.desk.lib.Guide("vneid-install-level1")
	require.True(t, ok)
	n := len(g.Steps)
	f.tap("Hướng dẫn")
	f.desk.presentGuide(g)
	f.shows("Bước 1/")
	f.key(fyne.KeyPageDown)
	f.shows(g.Steps[1].Title.In("vi"))
	f.key(fyne.KeyEnd)
	f.shows(g.Steps[n-1].Title.In("vi"))
	f.key(fyne.KeyPageDown)
	f.shows(g.Steps[n-1].Title.In("vi")) // stays on the last step
	f.key(fyne.KeyHome)
	f.key(fyne.KeyO)
	f.button("2. " + g.Steps[1].Title.In("vi")) // the overview lists every step
	f.tap("3. " + g.Steps[2].Title.In("vi"))
	f.shows(g.Steps[2].Text.In("vi"))
	f.key(fyne.KeyEscape)
	assert.False(t, f.win.FullScreen())
}

// modeTheme is the theme of the mode on screen.
func (f *fixture) modeTheme() *modeTheme {
	f.t.Helper()
	for _, o := range f.objects() {
		if over, ok := o.(*container.ThemeOverride); ok {
			if th, ok := over.Theme.(*modeTheme); ok {
				return th
			}
		}
	}
	f.t.Fatalf("no mode on screen")
	return nil
}
