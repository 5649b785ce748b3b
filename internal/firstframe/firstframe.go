// Package firstframe tells a start-up benchmark or smoke test when a window
// has painted its first frame, so start-up time is measured the same way for
// the desk app and for a bare Fyne window.
//
// How the moment is found, from the GLFW driver of Fyne v2.7.1: Window.Show
// called before App.Run creates the GL window, maps it and paints the canvas
// at once (repaintWindow, which ends in SwapBuffers). App.Run then starts the
// driver's main loop, and only that loop runs the functions queued with
// fyne.Do, between its 60 Hz ticks that paint any dirty canvas. So a
// function queued from another goroutine right after the window is created
// runs after the first paint and buffer swap, at the moment the window also
// starts answering events. That is the moment a person sees the first frame
// and can act on it, and it needs no hook into Fyne's internals.
//
// A lifecycle OnStarted hook would give nearly the same moment, but Fyne
// keeps only one OnStarted function per app, so the app could not use it
// for its own start-up work without silently switching this report off.
package firstframe

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// EnvVar is the environment variable that switches the report on when "1".
const EnvVar = "TIEPSUC_FIRST_FRAME"

// Line is what Report prints, alone on a line, once the first frame is shown.
const Line = "first-frame"

// frame is one 60 Hz tick of the GLFW driver's main loop.
const frame = time.Second / 60

// Report prints Line to standard output once, as soon as w has painted its
// first frame, when the environment variable EnvVar is "1"; otherwise it
// does nothing. Call it right after creating the window, before Run.
func Report(w fyne.Window) {
	if os.Getenv(EnvVar) != "1" {
		return
	}
	watch(w, os.Stdout)
}

// watch queues the check from a new goroutine: fyne.Do called on the main
// goroutine before Run would run the function at once, before any paint.
func watch(w fyne.Window, out io.Writer) {
	var once sync.Once
	report := func() {
		once.Do(func() { _, _ = fmt.Fprintln(out, Line) })
	}
	go fyne.Do(func() { check(w, report, false) })
}

// check reports once the window has content. When the content was set only
// after the loop started, it waits one more tick so that the tick's paint
// of the new content has happened before the report.
func check(w fyne.Window, report func(), waited bool) {
	if w.Canvas().Content() != nil {
		if !waited {
			report()
			return
		}
		time.AfterFunc(frame, func() { fyne.Do(report) })
		return
	}
	time.AfterFunc(frame, func() { fyne.Do(func() { check(w, report, true) }) })
}
