package hub

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"tiepsuc/guides"
	"tiepsuc/sync/hubapi"
)

// PackCheck is what checking a guide pack before publishing found.
type PackCheck struct {
	// Clean is true when the pack has no problems and may be published.
	Clean bool
	// Version is the version in the pack's pack.json; 0 unless Clean.
	Version int
	// Lines are the check's findings, one a line (problems, warnings, then
	// a summary), naming the pack by the name given to CheckGuidePack.
	Lines []string
}

// CheckGuidePack checks the guide pack zip data exactly as a desk checks it
// before installing (`tiepsuc guides check`: every guide, picture and the
// required pack.json), and reads its version. The check runs on a private
// copy of data, so the bytes checked are the bytes published. name stands
// for the pack in the findings. The error is for a check that could not
// run; a pack that fails it gives a PackCheck that is not Clean.
func CheckGuidePack(name string, data []byte) (PackCheck, error) {
	if len(data) > hubapi.MaxGuidePackBytes {
		return PackCheck{Lines: []string{fmt.Sprintf("%s: pack is %d bytes, at most %d",
			name, len(data), hubapi.MaxGuidePackBytes)}}, nil
	}
	dir, err := os.MkdirTemp("", "tiepsuc-hub-pack-")
	if err != nil {
		return PackCheck{}, fmt.Errorf("check guide pack: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "pack.zip")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return PackCheck{}, fmt.Errorf("check guide pack: %w", err)
	}

	var out bytes.Buffer
	code := guides.RunCheck([]string{path}, &out, &out)
	pc := PackCheck{Clean: code == guides.ExitClean}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if line = strings.ReplaceAll(line, path, name); strings.TrimSpace(line) != "" {
			pc.Lines = append(pc.Lines, line)
		}
	}
	if !pc.Clean {
		return pc, nil
	}
	pc.Version, err = packVersion(data)
	if err != nil {
		return PackCheck{}, fmt.Errorf("check guide pack: %w", err)
	}
	return pc, nil
}

// packVersion reads the version in pack.json of a pack zip that passed the
// check.
func packVersion(data []byte) (int, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, err
	}
	f, err := zr.Open("pack.json")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	// pack.json passed the check, which allows 4 KiB; read a little more.
	b, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return 0, fmt.Errorf("read pack.json: %w", err)
	}
	m, err := guides.ParseManifest(b)
	if err != nil {
		return 0, err
	}
	return m.Version, nil
}
