package guides

import (
	"fmt"
	"io/fs"
	"strconv"
	"sync"
	"time"

	"tiepsuc/internal/jsontree"
)

// A guide pack is a set of guides and pictures with a version, so that the
// hub can ship updated guides to the desks. It is a folder laid out like
// content/ (guide files at the root, pictures/ beside them) plus a
// manifest, pack.json. On the wire a pack is a zip of that folder; on disk
// it is installed as a folder (see pack_install.go).

// manifestName is the file name of a pack's manifest.
const manifestName = "pack.json"

// maxManifestBytes is the largest manifest accepted; a real one is tiny.
const maxManifestBytes = 4 << 10

// maxPackVersion is the highest pack version accepted, so that a version
// fits an int on every platform and names a folder of sane length.
const maxPackVersion = 1<<31 - 1

// manifestFields are the fields of pack.json, in the order they are checked.
var manifestFields = []string{"version", "checked"}

// Manifest is the content of a pack's pack.json.
type Manifest struct {
	// Version numbers the pack: 1 or more, higher for every new pack.
	Version int
	// Checked is the day the pack as a whole was last checked.
	Checked time.Time
}

// ParseManifest reads a pack.json file, such as
// {"version": 3, "checked": "2026-12-04"}. Both fields are required and no
// other is allowed. The error, if any, is a *LoadError listing every problem.
func ParseManifest(data []byte) (Manifest, error) {
	m, problems := parseManifest(data)
	if len(problems) > 0 {
		return Manifest{}, &LoadError{Problems: problems}
	}
	return m, nil
}

// parseManifest reads a manifest as far as it can and returns its problems.
func parseManifest(data []byte) (Manifest, []Problem) {
	c := &checker{file: manifestName}
	if len(data) > maxManifestBytes {
		c.add("", "file is %d bytes, at most %d", len(data), maxManifestBytes)
		return Manifest{}, c.problems
	}
	root, msg := readJSON(data)
	if msg != "" {
		c.add("", "%s", msg)
		return Manifest{}, c.problems
	}
	if !c.object("", root, manifestFields) {
		return Manifest{}, c.problems
	}
	m := Manifest{
		Version: c.version(root.Get("version")),
		Checked: c.checked(root.Get("checked")),
	}
	return m, c.problems
}

// version reads a pack version: a whole number from 1 to maxPackVersion.
func (c *checker) version(n *jsontree.Node) int {
	switch {
	case n == nil:
		c.add("version", "missing")
		return 0
	case n.Kind != jsontree.Number:
		c.add("version", "must be a number, not %s", n.Kind)
		return 0
	}
	v, err := strconv.ParseInt(n.Text, 10, 64)
	switch {
	case err != nil:
		c.add("version", "%s is not a whole number", n.Text)
		return 0
	case v < 1 || v > maxPackVersion:
		c.add("version", "%s is out of range: use 1 to %d, higher for each new pack",
			n.Text, maxPackVersion)
		return 0
	}
	return int(v)
}

// builtinManifest reads the manifest of the embedded guides once.
var builtinManifest = sync.OnceValues(func() (Manifest, error) {
	data, err := fs.ReadFile(content, "content/"+manifestName)
	if err != nil {
		return Manifest{}, fmt.Errorf("read built-in %s: %w", manifestName, err)
	}
	m, err := ParseManifest(data)
	if err != nil {
		return Manifest{}, fmt.Errorf("built-in %s: %w", manifestName, err)
	}
	return m, nil
})

// BuiltinVersion returns the pack version of the guides embedded in the app.
func BuiltinVersion() (int, error) {
	m, err := builtinManifest()
	return m.Version, err
}
