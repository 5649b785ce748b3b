package catalogue

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"tiepsuc/internal/jsontree"
)

// The fields each kind of object may have.
var (
	procedureFields = []string{"id", "code", "name", "field", "level", "agency", "papers",
		"form", "fees", "time", "guides", "keywords", "notes", "sources", "checked",
		"unconfirmed"}
	textFields = []string{"vi", "en"}
)

// maxFileBytes is the largest catalogue file read; real ones are ~10 KiB.
const maxFileBytes = 256 << 10

// Character limits of texts, per language.
const (
	nameLimit  = 120
	labelLimit = 80
	shortLimit = 200
	longLimit  = 600
)

var (
	// idPattern is a procedure id: snake_case, as the app stores it.
	idPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	// codePattern is a national procedure code such as 1.004194.
	codePattern = regexp.MustCompile(`^[0-9]\.[0-9]{6}$`)
	// guidePattern is a guide id such as portal-birth-registration.
	guidePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// vietnam is the time zone in which a checked date is a day.
var vietnam = time.FixedZone("ICT", 7*60*60)

// Parse reads one catalogue file called name (such as
// "temporary_residence.json") and checks it. The error, if any, is a
// *LoadError that lists every problem in the file.
func Parse(name string, data []byte) (Procedure, error) {
	p, problems := parse(name, data, time.Now())
	if len(problems) > 0 {
		return Procedure{}, &LoadError{Problems: problems}
	}
	return p, nil
}

// parse reads a procedure as far as it can and returns it with its
// problems; now is the moment a checked date may not be after, and the
// zero time skips that check.
func parse(name string, data []byte, now time.Time) (Procedure, []Problem) {
	c := &checker{file: name}
	if len(data) > maxFileBytes {
		c.add("", "file is %d bytes, at most %d", len(data), maxFileBytes)
		return Procedure{}, c.problems
	}
	root, msg := decode(data)
	if msg != "" {
		c.add("", "%s", msg)
		return Procedure{}, c.problems
	}
	if !c.object("", root, procedureFields) {
		return Procedure{}, c.problems
	}

	var p Procedure
	p.ID = c.procedureID(name, root.Get("id"))
	p.Unconfirmed = c.unconfirmed(root.Get("unconfirmed"))
	p.Code = c.code(root.Get("code"), slices.Contains(p.Unconfirmed, FactCode))
	p.Name = c.text("name", root.Get("name"), true, nameLimit)
	p.Field = c.enum("field", root.Get("field"), fieldOrder)
	p.Level = c.enum("level", root.Get("level"), levels)
	p.Agency = c.text("agency", root.Get("agency"), true, shortLimit)
	p.Papers = c.papers(root.Get("papers"))
	p.Form = c.form(root.Get("form"))
	p.Fees = c.fees(root.Get("fees"))
	p.Time = c.processingTime(root.Get("time"))
	p.Guides = c.guides(root.Get("guides"))
	p.Keywords = c.keywords(root.Get("keywords"))
	p.Notes = c.text("notes", root.Get("notes"), false, longLimit)
	p.Sources = c.sources(root.Get("sources"))
	p.Checked = c.checked(root.Get("checked"), now)
	return p, c.problems
}

// checker collects the problems of one file while its fields are read.
type checker struct {
	file     string
	problems []Problem
}

// add records a problem with the field at path p.
func (c *checker) add(p, format string, args ...any) {
	c.problems = append(c.problems, Problem{File: c.file, Field: p,
		Message: fmt.Sprintf(format, args...)})
}

// object reports whether v is an object, and reports its unknown and
// repeated keys.
func (c *checker) object(p string, v *jsontree.Node, known []string) bool {
	if v.Kind != jsontree.Object {
		c.add(p, "must be an object with %s, not %s", strings.Join(known, ", "), v.Kind)
		return false
	}
	for _, kp := range v.CheckKeys(known) {
		if kp.Repeated {
			c.add(jsontree.Join(p, kp.Key), "given twice")
		} else {
			c.add(jsontree.Join(p, kp.Key), "unknown field; known fields are %s",
				strings.Join(known, ", "))
		}
	}
	return true
}

// deepest is how deep catalogue values nest at most (fees.cases[i].when.vi
// is 5), with room to spare; anything deeper is not read.
const deepest = 7

// decode parses data as one JSON value, or returns a message that says
// what is wrong and where.
func decode(data []byte) (*jsontree.Node, string) {
	root, err := jsontree.Decode(data, deepest)
	if err == nil {
		return root, ""
	}
	var (
		enc *jsontree.EncodingError
		syn *jsontree.SyntaxError
	)
	switch {
	case errors.Is(err, jsontree.ErrBOM):
		return nil, "starts with a byte order mark; save the file as UTF-8 without BOM"
	case errors.As(err, &enc):
		return nil, fmt.Sprintf("not UTF-8 at line %d, column %d; save the file as UTF-8",
			enc.Line, enc.Col)
	case errors.As(err, &syn):
		// The catalogue has always placed an early end on the last byte.
		at := min(max(int(syn.Err.Offset)-1, 0), len(data))
		line, col := jsontree.Position(data, at)
		return nil, fmt.Sprintf("not JSON at line %d, column %d: %s", line, col, syn.Err.Error())
	}
	return nil, "not JSON: " + err.Error()
}

// present reports whether v is there, reporting it missing if required.
func (c *checker) present(p string, v *jsontree.Node, required bool) bool {
	if v == nil {
		if required {
			c.add(p, "missing")
		}
		return false
	}
	return true
}

// list returns the items of the list at v; a missing list is reported if
// required.
func (c *checker) list(p string, v *jsontree.Node, required bool) ([]*jsontree.Node, bool) {
	if !c.present(p, v, required) {
		return nil, false
	}
	if v.Kind != jsontree.Array {
		c.add(p, "must be a list, not %s", v.Kind)
		return nil, false
	}
	return v.Items, true
}

// str returns the string at v if it is a usable one: not empty, NFC, no
// control characters, no spaces around it.
func (c *checker) str(p string, v *jsontree.Node, required bool, limit int) (string, bool) {
	if !c.present(p, v, required) {
		return "", false
	}
	if v.Kind != jsontree.String {
		c.add(p, "must be a string, not %s", v.Kind)
		return "", false
	}
	s := v.Text
	switch n := len([]rune(s)); {
	case strings.TrimSpace(s) == "":
		c.add(p, "empty")
		return "", false
	case s != strings.TrimSpace(s):
		c.add(p, "has spaces at the start or end")
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		c.add(p, "has a control character such as a tab or line break")
	case !norm.NFC.IsNormalString(s):
		c.add(p, "not in Unicode NFC form; save it with composed Vietnamese letters")
	case n > limit:
		c.add(p, "%d characters, at most %d", n, limit)
	}
	return s, true
}

// boolean returns the true or false at v, which is required.
func (c *checker) boolean(p string, v *jsontree.Node) bool {
	if !c.present(p, v, true) {
		return false
	}
	if v.Kind != jsontree.Bool {
		c.add(p, "must be true or false, not %s", v.Kind)
	}
	return v.Bool
}

// text reads a {"vi", "en"} pair, both needed when the pair is there.
func (c *checker) text(p string, v *jsontree.Node, required bool, limit int) Text {
	if !c.present(p, v, required) || !c.object(p, v, textFields) {
		return Text{}
	}
	vi, _ := c.str(jsontree.Join(p, "vi"), v.Get("vi"), true, limit)
	en, _ := c.str(jsontree.Join(p, "en"), v.Get("en"), true, limit)
	return Text{VI: vi, EN: en}
}

// enum reads a required string that must be one of allowed.
func (c *checker) enum(p string, v *jsontree.Node, allowed []string) string {
	s, ok := c.str(p, v, true, shortLimit)
	if ok && !slices.Contains(allowed, s) {
		c.add(p, "%q is not allowed; use one of %s", s, strings.Join(allowed, ", "))
		return ""
	}
	return s
}

// procedureID reads the procedure id and checks it matches the file name.
func (c *checker) procedureID(name string, v *jsontree.Node) string {
	id, ok := c.str("id", v, true, 48)
	if !ok {
		return ""
	}
	if !idPattern.MatchString(id) {
		c.add("id", "%q is not an id: use lower-case letters, digits and single underscores", id)
		return id
	}
	if stem := strings.TrimSuffix(path.Base(name), ".json"); name != "" && stem != id {
		c.add("id", "%q does not match the file name; name the file %s.json", id, id)
	}
	return id
}

// code reads the national code: a string such as "1.004194", or null when
// it is not known, which must then be listed as unconfirmed.
func (c *checker) code(v *jsontree.Node, unconfirmed bool) string {
	if !c.present("code", v, true) {
		return ""
	}
	if v.Kind == jsontree.Null {
		if !unconfirmed {
			c.add("code", `null (not known) must be listed in "unconfirmed"`)
		}
		return ""
	}
	code, ok := c.str("code", v, true, 16)
	if ok && !codePattern.MatchString(code) {
		c.add("code", "%q is not a procedure code such as 1.004194", code)
		return ""
	}
	return code
}

// unconfirmed reads the list of facts no source confirms.
func (c *checker) unconfirmed(v *jsontree.Node) []string {
	items, ok := c.list("unconfirmed", v, true)
	if !ok {
		return nil
	}
	out := []string{}
	for i, it := range items {
		p := jsontree.Item("unconfirmed", i)
		f, ok := c.str(p, it, true, 16)
		switch {
		case !ok:
		case !slices.Contains(facts, f):
			c.add(p, "%q is not a fact; use one of %s", f, strings.Join(facts, ", "))
		case slices.Contains(out, f):
			c.add(p, "%q is listed twice", f)
		default:
			out = append(out, f)
		}
	}
	return out
}

// checked reads the day the entry was last checked, not after now in
// Vietnam unless now is zero.
func (c *checker) checked(v *jsontree.Node, now time.Time) time.Time {
	s, ok := c.str("checked", v, true, 10)
	if !ok {
		return time.Time{}
	}
	day, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		c.add("checked", "%q is not a date written YYYY-MM-DD", s)
		return time.Time{}
	}
	if now.IsZero() {
		return day
	}
	y, m, d := now.In(vietnam).Date()
	if day.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		c.add("checked", "%s is after today", s)
	}
	return day
}
