package app

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/require"

	"tiepsuc/guides"
	"tiepsuc/internal/auth"
	"tiepsuc/internal/store"
)

// update rewrites the golden images from what the screens draw now.
var update = flag.Bool("update", false, "rewrite golden images in testdata/golden")

// deskZone is the time zone of the desks, Vietnam's.
var deskZone = time.FixedZone("ICT", 7*3600)

// morning is the fixed time the tests' desk lives at.
var morning = time.Date(2026, 12, 4, 8, 5, 0, 0, deskZone)

// fixture is a desk on a real SQLite file in a test window.
type fixture struct {
	t     *testing.T
	desk  *Desk
	win   fyne.Window
	store *store.Store
	clock *clock
	quiet *fixture // a second window on the store with sync off
	ui    *uiQueue // screen changes from background goroutines, run in turn
}

// uiQueue holds the screen changes background goroutines asked for, so
// the test runs them on its own goroutine, between its own steps, as
// Fyne's main loop does in the app.
type uiQueue struct {
	mu  sync.Mutex
	fns []func()
}

// push queues fn; it never blocks.
func (q *uiQueue) push(fn func()) {
	q.mu.Lock()
	q.fns = append(q.fns, fn)
	q.mu.Unlock()
}

// drain runs every queued change, including those they queue.
func (q *uiQueue) drain() {
	for {
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		if len(fns) == 0 {
			return
		}
		for _, fn := range fns {
			fn()
		}
	}
}

// clock moves a minute each time it is read, so times on screen are
// fixed from run to run but still in order.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time {
	c.now = c.now.Add(time.Minute)
	return c.now
}

// newFixture opens a store in a temp folder and shows the desk in a
// 1024x700 test window, in Vietnamese, with the desk and volunteer named.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	return openFixtureWith(t, map[string]string{
		settingDeskName: "Bàn 2 – phường Tam Hiệp", settingVolunteer: "Lê Minh Anh"},
		Options{Enrol: realEnrol})
}

// openFixture is newFixture with the settings given, none for a first start.
func openFixture(t *testing.T, settings map[string]string) *fixture {
	t.Helper()
	return openFixtureWith(t, settings, Options{})
}

// testPIN is the PIN of the fixture's desk admin.
const testPIN = "274951"

// openFixtureWith is openFixture with options, such as a real sync engine,
// signed in as the desk's admin, Lê Minh Anh.
func openFixtureWith(t *testing.T, settings map[string]string, opt Options) *fixture {
	t.Helper()
	return openFixtureAs(t, settings, opt, true)
}

// openGate is a desk that shows its sign-in screen: with an admin made
// when admin is true, or as a brand-new desk.
func openGate(t *testing.T, admin bool) *fixture {
	t.Helper()
	f := openFixtureAs(t, map[string]string{settingDeskName: "Bàn 2 – phường Tam Hiệp"},
		Options{}, false)
	if admin {
		_, err := f.store.AddVolunteer(context.Background(), "Lê Minh Anh", auth.RoleAdmin,
			testPIN)
		require.NoError(t, err)
		f.desk.showGate()
	}
	return f
}

// openFixtureAs opens the fixture, signing the admin in first when signIn
// is true.
func openFixtureAs(t *testing.T, settings map[string]string, opt Options,
	signIn bool) *fixture {
	t.Helper()
	test.NewTempApp(t)
	c := &clock{now: morning}
	// A fixed folder, not t.TempDir(), since Settings shows the path.
	dir := filepath.Join(os.TempDir(), "tiepsuc-test", t.Name())
	require.NoError(t, os.RemoveAll(dir))
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	st, err := store.Open(context.Background(), filepath.Join(dir, "tiepsuc.db"),
		store.WithClock(c.Now),
		store.WithPINHasher(auth.NewHasher(auth.WithParams(auth.CheapParams))))
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	for k, v := range settings {
		require.NoError(t, st.SetSetting(context.Background(), k, v))
	}
	if signIn && opt.Account == nil {
		ctx := context.Background()
		acc, err := st.AddVolunteer(ctx, "Lê Minh Anh", auth.RoleAdmin, testPIN)
		require.NoError(t, err)
		acc, err = st.SignIn(ctx, acc.ID, testPIN, morning)
		require.NoError(t, err)
		opt.Account = &acc
	}
	lib, err := guides.Builtin()
	require.NoError(t, err)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1024, 700))
	t.Cleanup(w.Close)
	opt.Now = func() time.Time { return morning }
	ui := &uiQueue{}
	opt.Do = ui.push
	d := New(w, st, lib, opt)
	t.Cleanup(d.Close)
	return &fixture{t: t, desk: d, win: w, store: st, clock: c, ui: ui}
}

// objects lists everything drawn in the window, dialogs included, after
// the screen changes background goroutines asked for.
func (f *fixture) objects() []fyne.CanvasObject {
	if f.ui != nil {
		f.ui.drain()
	}
	objs := test.LaidOutObjects(f.win.Content())
	if top := f.win.Canvas().Overlays().Top(); top != nil {
		objs = append(objs, test.LaidOutObjects(top)...)
	}
	return objs
}

// button finds the button whose text starts with text, as a volunteer
// would look for it.
func (f *fixture) button(text string) *widget.Button {
	f.t.Helper()
	for _, o := range f.objects() {
		if b, ok := o.(*widget.Button); ok && b.Visible() && strings.HasPrefix(b.Text, text) {
			return b
		}
	}
	f.t.Fatalf("no button %q on screen; texts: %s", text, f.texts())
	return nil
}

// tap taps the button with that text.
func (f *fixture) tap(text string) {
	f.t.Helper()
	b := f.button(text)
	require.False(f.t, b.Disabled(), "button %q is disabled", text)
	test.Tap(b)
}

// entry finds the entry showing that placeholder.
func (f *fixture) entry(placeholder string) *deskEntry {
	f.t.Helper()
	for _, o := range f.objects() {
		if e, ok := o.(*deskEntry); ok && e.PlaceHolder == placeholder {
			return e
		}
	}
	f.t.Fatalf("no entry %q on screen", placeholder)
	return nil
}

// typeInto types text key by key into the entry with that placeholder.
func (f *fixture) typeInto(placeholder, text string) {
	f.t.Helper()
	e := f.entry(placeholder)
	f.win.Canvas().Focus(e)
	test.Type(e, text)
}

// check ticks the check box whose label starts with text.
func (f *fixture) check(text string) {
	f.t.Helper()
	for _, o := range f.objects() {
		if c, ok := o.(*widget.Check); ok && strings.HasPrefix(c.Text, text) {
			test.Tap(c)
			return
		}
	}
	f.t.Fatalf("no check box %q on screen", text)
}

// texts is every label's and button's text on screen, one per line.
func (f *fixture) texts() string {
	var b strings.Builder
	for _, o := range f.objects() {
		switch w := o.(type) {
		case *widget.Label:
			if w.Visible() {
				b.WriteString(w.Text + "\n")
			}
		case *widget.RichText:
			b.WriteString(w.String() + "\n")
		case *canvas.Text:
			b.WriteString(w.Text + "\n")
		case *widget.Button:
			b.WriteString("[" + w.Text + "]\n")
		case *widget.Select:
			b.WriteString("<" + w.Selected + ">\n")
		case *widget.RadioGroup:
			b.WriteString("(" + w.Selected + ")\n")
		}
	}
	return b.String()
}

// shows fails unless some label or button says text.
func (f *fixture) shows(text string) {
	f.t.Helper()
	require.Contains(f.t, f.texts(), text)
}

// flush waits until the open session's edits are committed.
func (f *fixture) flush() {
	f.t.Helper()
	require.NotNil(f.t, f.desk.session, "no session open")
	require.NoError(f.t, f.desk.session.flush())
	saved := f.desk.session.saved
	require.Eventually(f.t, func() bool {
		f.ui.drain()
		return saved.Text == lang.L("session.saved")
	},
		5*time.Second, 10*time.Millisecond, "the mark must say saved once all is committed")
}

// snap compares the window with its golden image, and writes it to
// $TIEPSUC_SCREENSHOTS for the docs when that is set.
func (f *fixture) snap(name string) {
	f.t.Helper()
	// Settle every widget on this goroutine: the saver reports from its own.
	for _, o := range f.objects() {
		o.Refresh()
	}
	f.win.Content().Refresh()
	img := f.win.Canvas().Capture()
	if dir := os.Getenv("TIEPSUC_SCREENSHOTS"); dir != "" {
		require.NoError(f.t, os.MkdirAll(dir, 0o755))
		writePNG(f.t, filepath.Join(dir, name+".png"), img)
	}
	golden := filepath.Join("testdata", "golden", name+".png")
	if *update {
		require.NoError(f.t, os.MkdirAll(filepath.Dir(golden), 0o755))
		writePNG(f.t, golden, img)
		return
	}
	want, err := os.ReadFile(golden)
	require.NoError(f.t, err, "no golden image; run make golden")
	wantImg, err := png.Decode(bytes.NewReader(want))
	require.NoError(f.t, err)
	if !sameImage(wantImg, img) {
		failed := filepath.Join("testdata", "failed", name+".png")
		require.NoError(f.t, os.MkdirAll(filepath.Dir(failed), 0o755))
		writePNG(f.t, failed, img)
		f.t.Fatalf("screen %s differs from %s; see %s (make golden to accept)", name, golden,
			failed)
	}
}

// sameImage compares two images pixel by pixel.
func sameImage(a, b image.Image) bool {
	if a.Bounds().Size() != b.Bounds().Size() {
		return false
	}
	ab, bb := a.Bounds(), b.Bounds()
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			r1, g1, b1, a1 := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, a2 := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}

// writePNG saves img as a PNG file.
func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, img))
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
}

// selectRadio picks the option with that label in whichever radio group
// offers it.
func (f *fixture) selectRadio(label string) {
	f.t.Helper()
	for _, o := range f.objects() {
		if r, ok := o.(*widget.RadioGroup); ok {
			for _, opt := range r.Options {
				if opt == label {
					r.SetSelected(label)
					return
				}
			}
		}
	}
	f.t.Fatalf("no radio option %q on screen", label)
}

// selectOption picks option in the drop-down that offers it.
func (f *fixture) selectOption(option string) {
	f.t.Helper()
	for _, o := range f.objects() {
		if s, ok := o.(*widget.Select); ok {
			for _, opt := range s.Options {
				if opt == option {
					s.SetSelected(option)
					return
				}
			}
		}
	}
	f.t.Fatalf("no drop-down offers %q", option)
}

// submit presses Enter in the entry with that placeholder.
func (f *fixture) submit(placeholder string) {
	f.t.Helper()
	f.entry(placeholder).TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// tapListRow opens row i of the list on screen.
func (f *fixture) tapListRow(i int) {
	f.t.Helper()
	for _, o := range f.objects() {
		if l, ok := o.(*widget.List); ok {
			l.Select(i)
			return
		}
	}
	f.t.Fatalf("no list on screen")
}

// contains reports whether s holds sub.
func contains(s, sub string) bool { return strings.Contains(s, sub) }

// searchHint is the placeholder of the search boxes of the home screen and
// the drafts list.
const searchHint = "Tìm theo họ tên, số định danh hoặc số điện thoại…"
