// Package smoke starts the real desk app binary on a private Xvfb server and
// checks, as a person at the desk would, that it opens on the home screen,
// creates its database, and closes cleanly; and that without a display it
// says how to get one. Its tests fail, never skip, when Xvfb or the X tools
// are missing (run `make test-deps`), unless TIEPSUC_SKIP_SMOKE=1.
package smoke
