package guides

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

// Report is the outcome of checking a folder of guides.
type Report struct {
	// Guides and Pictures count the guide files and picture files found.
	Guides, Pictures int
	// Problems are what makes the app refuse the folder: any problem that
	// Load reports, and a broken pack.json.
	Problems []Problem
	// Warnings do not stop the folder from loading but are most likely
	// mistakes: a picture no step shows, a file the app will ignore.
	Warnings []Problem
}

// Clean reports whether the check found no problems; warnings may remain.
func (r Report) Clean() bool {
	return len(r.Problems) == 0
}

// CheckDir checks the folder of guides at dir as strictly as the app loads
// it: every guide file parsed strictly, both languages in every text, every
// readability limit, every picture drawable and present, and pack.json if
// there is one. The error is for a folder that cannot be read at all; what
// is wrong inside it is in the report.
func CheckDir(dir string) (Report, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return Report{}, fmt.Errorf("check guides: %w", err)
	}
	if !info.IsDir() {
		return Report{}, fmt.Errorf("check guides: %s is not a folder", dir)
	}
	rep, _, _, err := inspect(os.DirFS(dir), false)
	return rep, err
}

// CheckFS is CheckDir for a folder given as a file system.
func CheckFS(fsys fs.FS) (Report, error) {
	rep, _, _, err := inspect(fsys, false)
	return rep, err
}

// inspect checks fsys and, if it is clean, also returns the loaded library
// and the manifest. A pack must have a manifest; a plain folder of guides
// may leave it out.
func inspect(fsys fs.FS, pack bool) (Report, *Library, Manifest, error) {
	var rep Report
	man, err := inspectManifest(fsys, pack, &rep)
	if err != nil {
		return Report{}, nil, Manifest{}, err
	}

	lib, err := Load(fsys)
	var le *LoadError
	switch {
	case errors.As(err, &le):
		rep.Problems = append(rep.Problems, le.Problems...)
	case err != nil:
		return Report{}, nil, Manifest{}, fmt.Errorf("check guides: %w", err)
	}

	if err := inspectFiles(fsys, &rep); err != nil {
		return Report{}, nil, Manifest{}, err
	}
	if !rep.Clean() {
		return rep, nil, Manifest{}, nil
	}
	return rep, lib, man, nil
}

// inspectManifest reads and checks pack.json, if there is one.
func inspectManifest(fsys fs.FS, required bool, rep *Report) (Manifest, error) {
	data, err := fs.ReadFile(fsys, manifestName)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if required {
			rep.Problems = append(rep.Problems, Problem{File: manifestName,
				Message: `missing; a pack needs {"version": N, "checked": "YYYY-MM-DD"}`})
		}
		return Manifest{}, nil
	case err != nil:
		return Manifest{}, fmt.Errorf("check guides: read %s: %w", manifestName, err)
	}
	m, problems := parseManifest(data)
	rep.Problems = append(rep.Problems, problems...)
	return m, nil
}

// inspectFiles counts the guides and pictures, and warns about pictures no
// step shows and files the app ignores.
func inspectFiles(fsys fs.FS, rep *Report) error {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return fmt.Errorf("check guides: %w", err)
	}
	shown := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		switch {
		case name == manifestName || strings.HasPrefix(name, "."):
		case e.IsDir() && name == picturesDir:
		case !e.IsDir() && path.Ext(name) == ".json":
			rep.Guides++
			if err := markShown(fsys, name, shown); err != nil {
				return err
			}
		default:
			rep.Warnings = append(rep.Warnings, Problem{File: name, Message: "ignored: " +
				"a guide folder holds guide files (*.json), pack.json and pictures/"})
		}
	}
	return inspectPictures(fsys, shown, rep)
}

// markShown adds the pictures that the guide file called name shows to shown.
// A guide with problems still names its pictures as far as it can be read.
func markShown(fsys fs.FS, name string, shown map[string]bool) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("check guides: read %s: %w", name, err)
	}
	g, _ := parse(name, data)
	for _, s := range g.Steps {
		if s.Picture != "" {
			shown[s.Picture] = true
		}
	}
	return nil
}

// inspectPictures counts the pictures and warns about those no step shows,
// unless they already have a problem of their own.
func inspectPictures(fsys fs.FS, shown map[string]bool, rep *Report) error {
	entries, err := fs.ReadDir(fsys, picturesDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check guides: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		file := path.Join(picturesDir, name)
		switch {
		case strings.HasPrefix(name, "."):
		case e.IsDir():
			rep.Warnings = append(rep.Warnings, Problem{File: file,
				Message: "ignored: pictures/ holds picture files, not folders"})
		default:
			rep.Pictures++
			hasProblem := slices.ContainsFunc(rep.Problems, func(p Problem) bool {
				return p.File == file
			})
			if !shown[name] && !hasProblem {
				rep.Warnings = append(rep.Warnings, Problem{File: file,
					Message: "not shown by any step; name it in a step's picture or delete it"})
			}
		}
	}
	return nil
}
