package catalogue

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
	"time"

	"tiepsuc/internal/jsontree"
)

// content holds the procedures that ship with the app.
//
//go:embed content
var content embed.FS

// ErrNoProcedure is returned, wrapped, for an id the catalogue does not hold.
var ErrNoProcedure = errors.New("no such procedure in the catalogue")

// ErrFeeNotKnown is returned, wrapped, by Fee when no source gives the
// amount: the volunteer must read it on the portal.
var ErrFeeNotKnown = errors.New("fee not known")

// Catalogue is a checked, read-only set of procedures.
type Catalogue struct {
	procedures []Procedure
	byID       map[string]int
	byCode     map[string]int
	// folded holds each procedure's searchable text, folded for search.
	folded []searchText
}

// builtin loads the embedded catalogue once; a Catalogue never changes.
// Checked dates are not compared with the clock here: a desk whose clock
// runs years behind must still have its procedures. The tests compare them.
var builtin = sync.OnceValues(func() (*Catalogue, error) {
	sub, err := fs.Sub(content, "content")
	if err != nil {
		return nil, fmt.Errorf("open built-in catalogue: %w", err)
	}
	return load(sub, time.Time{})
})

// Builtin returns the catalogue embedded in the app.
func Builtin() (*Catalogue, error) {
	return builtin()
}

// Load reads every *.json file at the root of fsys as one procedure. The
// error lists every problem found, as a *LoadError, unless the files
// themselves could not be read.
func Load(fsys fs.FS) (*Catalogue, error) {
	return load(fsys, time.Now())
}

// load is Load with the moment a checked date may not be after; the zero
// time skips that check.
func load(fsys fs.FS, now time.Time) (*Catalogue, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read catalogue: %w", err)
	}

	var problems []Problem
	var procs []Procedure
	fileOfID, fileOfCode := map[string]string{}, map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".json" {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read procedure %s: %w", name, err)
		}
		p, found := parse(name, data, now)
		if other, dup := fileOfID[p.ID]; dup && p.ID != "" {
			found = append(found, Problem{File: name, Field: "id",
				Message: fmt.Sprintf("%q is also the id in %s", p.ID, other)})
		}
		if other, dup := fileOfCode[p.Code]; dup && p.Code != "" {
			found = append(found, Problem{File: name, Field: "code",
				Message: fmt.Sprintf("%s is also the code in %s", p.Code, other)})
		}
		fileOfID[p.ID] = cmp.Or(fileOfID[p.ID], name)
		fileOfCode[p.Code] = cmp.Or(fileOfCode[p.Code], name)
		problems = append(problems, found...)
		if len(found) == 0 {
			procs = append(procs, p)
		}
	}

	if len(procs) == 0 && len(problems) == 0 {
		problems = append(problems, Problem{Message: "no procedure files (*.json) found"})
	}
	if len(problems) > 0 {
		return nil, &LoadError{Problems: problems}
	}
	return newCatalogue(procs), nil
}

// newCatalogue sorts procs by field, then by id, and indexes them.
func newCatalogue(procs []Procedure) *Catalogue {
	slices.SortFunc(procs, func(a, b Procedure) int {
		return cmp.Or(cmp.Compare(slices.Index(fieldOrder, a.Field),
			slices.Index(fieldOrder, b.Field)), strings.Compare(a.ID, b.ID))
	})
	c := &Catalogue{procedures: procs, byID: map[string]int{}, byCode: map[string]int{}}
	for i, p := range procs {
		c.byID[p.ID] = i
		if p.Code != "" {
			c.byCode[p.Code] = i
		}
		c.folded = append(c.folded, foldProcedure(p))
	}
	return c
}

// All returns every procedure, by field (civil status, linked, residence,
// identity) and then by id.
func (c *Catalogue) All() []Procedure {
	out := make([]Procedure, len(c.procedures))
	for i, p := range c.procedures {
		out[i] = p.clone()
	}
	return out
}

// ByID returns the procedure with the given id, if there is one.
func (c *Catalogue) ByID(id string) (Procedure, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Procedure{}, false
	}
	return c.procedures[i].clone(), true
}

// ByCode returns the procedure with the given national code, such as
// "1.004194". It also takes the code as the portal prints it with the
// agency after it (1.004194.000.00.00.H19) and ignores spaces around it.
// A procedure whose code is not known is never found this way.
func (c *Catalogue) ByCode(code string) (Procedure, bool) {
	code = strings.TrimSpace(code)
	if len(code) > len("1.004194") && code[len("1.004194")] == '.' {
		code = code[:len("1.004194")]
	}
	i, ok := c.byCode[code]
	if !ok {
		return Procedure{}, false
	}
	return c.procedures[i].clone(), true
}

// Fee returns the fee of procedure id in its usual case (the first of its
// fee cases), online or at the counter, and whether a source confirms it.
// The error wraps ErrNoProcedure for an unknown id and ErrFeeNotKnown when
// no source gives the amount.
func (c *Catalogue) Fee(id string, online bool) (vnd int64, confirmed bool, err error) {
	i, ok := c.byID[id]
	if !ok {
		return 0, false, fmt.Errorf("fee of %q: %w", id, ErrNoProcedure)
	}
	f := c.procedures[i].Fees
	a := f.Cases[0].Counter
	if online {
		a = f.Cases[0].Online
	}
	if !a.Known {
		return 0, false, fmt.Errorf("fee of %q: %w", id, ErrFeeNotKnown)
	}
	return a.VND, f.Confirmed, nil
}

// GuideProblems reports each guide id that a procedure lists but known
// says does not exist, such as a guide not written yet.
func (c *Catalogue) GuideProblems(known func(id string) bool) []Problem {
	var out []Problem
	for _, p := range c.procedures {
		for i, g := range p.Guides {
			if !known(g) {
				out = append(out, Problem{File: p.ID + ".json",
					Field:   jsontree.Item("guides", i),
					Message: fmt.Sprintf("%q is not a guide in the library", g)})
			}
		}
	}
	return out
}
