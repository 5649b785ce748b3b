// Command barewindow opens a bare Fyne window, one label at the desk app's
// window size, and reports its first frame like the app does. The start-up
// benchmark compares the app against it: the gap is what the app adds.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"

	"tiepsuc/internal/firstframe"
)

func main() {
	a := app.NewWithID("vn.doanthanhnien.tiepsuc.barewindow")
	w := a.NewWindow("Bare window")
	firstframe.Report(w)

	w.SetContent(widget.NewLabel("Bare window"))
	w.Resize(fyne.NewSize(1024, 700))
	w.ShowAndRun()
}
