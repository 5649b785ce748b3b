// Package windows checks the packaged Windows build of the desk app, the
// .exe that `make windows` cross-builds, as a person at a Windows desk
// would meet it. Under Debian's wine, on a private Xvfb server and in a
// fresh wine prefix, it starts the .exe, reads its setup screen from a
// screenshot, types the desk admin's name and PIN into it and reads the
// home screen that follows, finds its database in the Windows user data
// folder (and in a data folder named in Vietnamese), sees a second copy
// turned away with a plain message, closes it as a Windows user would,
// and starts it again to sign in with the PIN. It also checks the icon and
// version the .exe carries, and runs the Windows builds of the data
// folder, lock, display and data key packages' own tests under wine.
//
// The tests run only when TIEPSUC_WINDOWS_EXE names the .exe, as
// `make test-windows` does; plain `go test ./...` skips them. Once it is
// set, a missing tool (wine, mingw-w64, Xvfb, tesseract) fails the tests
// with the make target that installs it.
package windows
