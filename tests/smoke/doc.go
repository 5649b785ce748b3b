// Package smoke starts the real desk app binary on a private Xvfb server and
// checks, as a person at the desk would, that on a new data folder it opens
// on the setup screen, takes the desk admin's name and PIN from the keyboard
// alone and then shows the home screen, creates its database, and closes
// cleanly; that started again it asks for the PIN before the home screen;
// and that without a display it says how to get one. Its tests fail, never
// skip, when Xvfb or the X tools are missing (run `make test-deps`), unless
// TIEPSUC_SKIP_SMOKE=1.
package smoke
