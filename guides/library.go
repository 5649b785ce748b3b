package guides

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// content holds the guides that ship with the app.
//
//go:embed content
var content embed.FS

// picturesDir is the folder, next to the guide files, that holds pictures.
const picturesDir = "pictures"

// Library is a checked, read-only set of guides and their pictures.
type Library struct {
	guides   []Guide
	byID     map[string]int
	pictures map[string][]byte
}

// builtin loads the embedded guides once; a Library never changes.
var builtin = sync.OnceValues(func() (*Library, error) {
	sub, err := fs.Sub(content, "content")
	if err != nil {
		return nil, fmt.Errorf("open built-in guides: %w", err)
	}
	return Load(sub)
})

// Builtin returns the library of guides embedded in the app.
func Builtin() (*Library, error) {
	return builtin()
}

// Load reads every *.json guide at the root of fsys and every picture in
// its pictures/ folder. The error lists every problem found, as a
// *LoadError, unless the files themselves could not be read.
func Load(fsys fs.FS) (*Library, error) {
	pictures, problems, err := loadPictures(fsys)
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read guides: %w", err)
	}

	lib := &Library{byID: map[string]int{}, pictures: pictures}
	fileOf := map[string]string{}
	files := 0
	for _, e := range entries {
		name := e.Name()
		// pack.json describes a guide pack (pack.go); it is not a guide.
		if e.IsDir() || path.Ext(name) != ".json" || name == manifestName {
			continue
		}
		files++
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read guide %s: %w", name, err)
		}
		g, found := parse(name, data)
		found = append(found, missingPictures(name, g, pictures)...)
		if other, dup := fileOf[g.ID]; dup && g.ID != "" {
			found = append(found, Problem{File: name, Field: "id",
				Message: fmt.Sprintf("%q is also the id of the guide in %s", g.ID, other)})
		}
		problems = append(problems, found...)
		if g.ID != "" && fileOf[g.ID] == "" {
			fileOf[g.ID] = name
		}
		if len(found) == 0 {
			lib.guides = append(lib.guides, g)
		}
	}

	if files == 0 {
		problems = append(problems, Problem{Message: "no guide files (*.json) found"})
	}
	if len(problems) > 0 {
		return nil, &LoadError{Problems: problems}
	}
	slices.SortFunc(lib.guides, func(a, b Guide) int {
		return cmp.Or(cmp.Compare(categoryRank(a.Category), categoryRank(b.Category)),
			strings.Compare(a.ID, b.ID))
	})
	for i, g := range lib.guides {
		lib.byID[g.ID] = i
	}
	return lib, nil
}

// loadPictures reads the pictures folder, if there is one, and checks each
// picture can be drawn.
func loadPictures(fsys fs.FS) (map[string][]byte, []Problem, error) {
	pictures := map[string][]byte{}
	entries, err := fs.ReadDir(fsys, picturesDir)
	if errors.Is(err, fs.ErrNotExist) {
		return pictures, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read pictures: %w", err)
	}
	var problems []Problem
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		file := path.Join(picturesDir, name)
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, nil, fmt.Errorf("read picture %s: %w", name, err)
		}
		if msg := pictureProblem(name, data); msg != "" {
			problems = append(problems, Problem{File: file, Message: msg})
			continue
		}
		pictures[name] = data
	}
	return pictures, problems, nil
}

// missingPictures reports the steps of g whose picture is not in pictures.
func missingPictures(file string, g Guide, pictures map[string][]byte) []Problem {
	var out []Problem
	for i, s := range g.Steps {
		if s.Picture == "" || !validPictureName(s.Picture) {
			continue
		}
		if _, ok := pictures[s.Picture]; !ok {
			out = append(out, Problem{File: file, Step: i + 1, StepID: s.ID,
				Field: "picture", Message: fmt.Sprintf("%q is not in %s/", s.Picture, picturesDir)})
		}
	}
	return out
}

// categoryRank is the place of cat in the fixed category order.
func categoryRank(cat string) int {
	return slices.Index(categoryOrder, cat)
}

// Guides returns all guides, sorted by category and then by id.
func (l *Library) Guides() []Guide {
	out := make([]Guide, len(l.guides))
	for i, g := range l.guides {
		out[i] = g.clone()
	}
	return out
}

// Guide returns the guide with the given id, if there is one.
func (l *Library) Guide(id string) (Guide, bool) {
	i, ok := l.byID[id]
	if !ok {
		return Guide{}, false
	}
	return l.guides[i].clone(), true
}

// Categories returns the categories that have guides, in the fixed order
// vneid, portal, procedure, payment, safety.
func (l *Library) Categories() []string {
	var out []string
	for _, cat := range categoryOrder {
		if slices.ContainsFunc(l.guides, func(g Guide) bool { return g.Category == cat }) {
			out = append(out, cat)
		}
	}
	return out
}

// InCategory returns the guides in category cat, sorted by id.
func (l *Library) InCategory(cat string) []Guide {
	var out []Guide
	for _, g := range l.guides {
		if g.Category == cat {
			out = append(out, g.clone())
		}
	}
	return out
}

// Picture returns the bytes of the picture file called name.
func (l *Library) Picture(name string) ([]byte, error) {
	data, ok := l.pictures[name]
	if !ok {
		return nil, fmt.Errorf("picture %q: %w", name, fs.ErrNotExist)
	}
	return slices.Clone(data), nil
}
