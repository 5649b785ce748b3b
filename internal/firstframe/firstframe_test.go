package firstframe

import (
	"bytes"
	"io"
	"os"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a bytes.Buffer safe to write from the report goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestWatch(t *testing.T) {
	tests := []struct {
		name     string
		setLater bool
	}{
		{name: "content set before run reports once", setLater: false},
		{name: "content set late reports only after it", setLater: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			test.NewTempApp(t)
			var content fyne.CanvasObject
			if !tc.setLater {
				content = widget.NewLabel("Tiếp Sức")
			}
			w := test.NewTempWindow(t, content)
			out := &lockedBuffer{}

			watch(w, out)
			if tc.setLater {
				time.Sleep(5 * frame)
				assert.Empty(t, out.String(), "reported before the content was set")
				w.SetContent(widget.NewLabel("Tiếp Sức"))
			}

			require.Eventually(t, func() bool { return out.String() != "" },
				5*time.Second, frame)
			time.Sleep(5 * frame)
			assert.Equal(t, Line+"\n", out.String(), "the line must come exactly once")
		})
	}
}

func TestReportNeedsEnv(t *testing.T) {
	tests := []struct {
		name string
		env  string
		want string
	}{
		{name: "unset prints nothing", env: "", want: ""},
		{name: "other value prints nothing", env: "yes", want: ""},
		{name: "one prints the line", env: "1", want: Line + "\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(EnvVar, tc.env)
			test.NewTempApp(t)
			w := test.NewTempWindow(t, widget.NewLabel("Tiếp Sức"))

			got := captureStdout(t, func() {
				Report(w)
				time.Sleep(10 * frame)
			})
			assert.Equal(t, tc.want, got)
		})
	}
}

// captureStdout returns what fn wrote to os.Stdout.
func captureStdout(t *testing.T, fn func()) string {
	t.Helper()
	r, wr, err := os.Pipe()
	require.NoError(t, err)
	saved := os.Stdout
	os.Stdout = wr
	fn()
	os.Stdout = saved
	require.NoError(t, wr.Close())
	got, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(got)
}
