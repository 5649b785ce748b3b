package guides

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"tiepsuc/internal/jsontree"
)

// The fields each kind of object may have, in the order they are checked.
var (
	guideFields = []string{
		"id", "title", "summary", "category", "audience", "steps", "sources", "checked",
	}
	stepFields   = []string{"id", "title", "text", "picture", "if_wrong"}
	branchFields = []string{"problem", "fix"}
	sourceFields = []string{"title", "url", "note"}
	textFields   = []string{"vi", "en"}
)

// vietnam is the time zone in which a guide's checked date is a day.
var vietnam = time.FixedZone("ICT", 7*60*60)

// Parse reads one guide file called name (such as "vneid-activate.json")
// and checks everything that can be checked without the pictures folder.
// The error, if any, is a *LoadError that lists every problem in the file.
func Parse(name string, data []byte) (Guide, error) {
	g, problems := parse(name, data)
	if len(problems) > 0 {
		return Guide{}, &LoadError{Problems: problems}
	}
	return g, nil
}

// parse reads a guide as far as it can and returns it with its problems.
func parse(name string, data []byte) (Guide, []Problem) {
	c := &checker{file: name}
	if len(data) > maxFileBytes {
		c.add("", "file is %d bytes, at most %d", len(data), maxFileBytes)
		return Guide{}, c.problems
	}
	root, msg := readJSON(data)
	if msg != "" {
		c.add("", "%s", msg)
		return Guide{}, c.problems
	}
	if !c.object("", root, guideFields) {
		return Guide{}, c.problems
	}

	var g Guide
	g.ID = c.guideID(name, root.Get("id"))
	g.Title = c.text("title", root.Get("title"), titleLimit)
	g.Summary = c.text("summary", root.Get("summary"), summaryLimit)
	g.Category = c.category(root.Get("category"))
	g.Audience = c.audience(root.Get("audience"))
	g.Steps = c.steps(root.Get("steps"))
	g.Sources = c.sources(root.Get("sources"))
	g.Checked = c.checked(root.Get("checked"))
	return g, c.problems
}

// checker collects the problems of one file while its fields are read.
type checker struct {
	file string
	// step and stepID locate the step being read, if any.
	step     int
	stepID   string
	problems []Problem
}

// add records a problem with field at the current step.
func (c *checker) add(field, format string, args ...any) {
	c.problems = append(c.problems, Problem{
		File: c.file, Step: c.step, StepID: c.stepID, Field: field,
		Message: fmt.Sprintf(format, args...),
	})
}

// object reports whether n is an object, and reports its unknown and
// repeated keys.
func (c *checker) object(p string, n *jsontree.Node, known []string) bool {
	if n.Kind != jsontree.Object {
		c.add(p, "must be an object with %s, not %s", strings.Join(known, ", "), n.Kind)
		return false
	}
	for _, kp := range n.CheckKeys(known) {
		switch {
		case kp.Repeated:
			c.add(jsontree.Join(p, kp.Key), "repeated field")
		case kp.Suggestion != "":
			c.add(jsontree.Join(p, kp.Key), "unknown field, did you mean %q?", kp.Suggestion)
		default:
			c.add(jsontree.Join(p, kp.Key), "unknown field; known fields are %s",
				strings.Join(known, ", "))
		}
	}
	return true
}

// maxDepth is how deep a guide's values nest at most, with room to spare;
// anything deeper is skipped and reported as the wrong type.
const maxDepth = 8

// readJSON parses data as one JSON value, or returns a message that says
// what is wrong and where (line and column).
func readJSON(data []byte) (*jsontree.Node, string) {
	root, err := jsontree.Decode(data, maxDepth)
	if err == nil {
		return root, ""
	}
	var (
		enc *jsontree.EncodingError
		syn *jsontree.SyntaxError
	)
	switch {
	case errors.Is(err, jsontree.ErrBOM):
		return nil, "starts with a byte order mark (BOM); save the file as UTF-8 without BOM"
	case errors.As(err, &enc):
		return nil, fmt.Sprintf("not valid UTF-8 at line %d, column %d; save the file as UTF-8",
			enc.Line, enc.Col)
	case errors.As(err, &syn):
		return nil, fmt.Sprintf("invalid JSON at line %d, column %d: %s",
			syn.Line, syn.Col, syn.Err.Error())
	}
	return nil, "invalid JSON: " + err.Error()
}

// list reports whether n is a list; a missing list is reported if required.
func (c *checker) list(p string, n *jsontree.Node, required bool) bool {
	switch {
	case n == nil:
		if required {
			c.add(p, "missing")
		}
		return false
	case n.Kind != jsontree.Array:
		c.add(p, "must be a list, not %s", n.Kind)
		return false
	}
	return true
}

// str returns the string at n and whether it is a usable, non-empty one;
// a missing string is reported if required.
func (c *checker) str(p string, n *jsontree.Node, required bool) (string, bool) {
	switch {
	case n == nil:
		if required {
			c.add(p, "missing")
		}
		return "", false
	case n.Kind != jsontree.String:
		c.add(p, "must be a string, not %s", n.Kind)
		return "", false
	case strings.TrimSpace(n.Text) == "":
		c.add(p, "empty")
		return "", false
	}
	if msg := charProblem(n.Text); msg != "" {
		c.add(p, "%s", msg)
	}
	return n.Text, true
}

// plain reads a string with a length limit, such as a source title.
func (c *checker) plain(p string, n *jsontree.Node, required bool, lim limit) string {
	s, ok := c.str(p, n, required)
	if ok {
		for _, msg := range readabilityProblems(s, lim, "vi") {
			c.add(p, "%s", msg)
		}
	}
	return s
}

// text reads a {"vi", "en"} pair, both required, within lim.
func (c *checker) text(p string, n *jsontree.Node, lim limit) Text {
	if n == nil {
		c.add(p, "missing")
		return Text{}
	}
	if !c.object(p, n, textFields) {
		return Text{}
	}
	var t Text
	for _, lang := range textFields {
		lp := jsontree.Join(p, lang)
		s, ok := c.str(lp, n.Get(lang), true)
		if !ok {
			continue
		}
		for _, msg := range readabilityProblems(s, lim, lang) {
			c.add(lp, "%s", msg)
		}
		if lang == "vi" {
			t.VI = s
		} else {
			t.EN = s
		}
	}
	return t
}

// guideID reads the guide id and checks it matches the file name.
func (c *checker) guideID(name string, n *jsontree.Node) string {
	id, ok := c.str("id", n, true)
	if !ok {
		return ""
	}
	if !validID(id) {
		c.add("id", "%q is not an id: use lower-case letters, digits and single dashes", id)
		return id
	}
	if stem := strings.TrimSuffix(path.Base(name), ".json"); name != "" && stem != id {
		c.add("id", "%q does not match the file name; name the file %s.json", id, id)
	}
	return id
}

// category reads the guide's category.
func (c *checker) category(n *jsontree.Node) string {
	cat, ok := c.str("category", n, true)
	if ok && !slices.Contains(categoryOrder, cat) {
		c.add("category", "%q is not a category; use one of %s",
			cat, strings.Join(categoryOrder, ", "))
	}
	return cat
}

// audience reads the guide's audience list.
func (c *checker) audience(n *jsontree.Node) []string {
	if !c.list("audience", n, true) {
		return nil
	}
	if len(n.Items) == 0 {
		c.add("audience", "empty; use one or more of %s", strings.Join(audiences, ", "))
		return nil
	}
	var out []string
	for i, it := range n.Items {
		p := jsontree.Item("audience", i)
		a, ok := c.str(p, it, true)
		switch {
		case !ok:
		case !slices.Contains(audiences, a):
			c.add(p, "%q is not an audience; use one of %s", a, strings.Join(audiences, ", "))
		case slices.Contains(out, a):
			c.add(p, "%q is listed twice", a)
		default:
			out = append(out, a)
		}
	}
	return out
}

// checked reads the date the guide was last checked.
func (c *checker) checked(n *jsontree.Node) time.Time {
	s, ok := c.str("checked", n, true)
	if !ok {
		return time.Time{}
	}
	day, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		c.add("checked", "%q is not a date written YYYY-MM-DD", s)
		return time.Time{}
	}
	y, m, d := time.Now().In(vietnam).Date()
	if day.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		c.add("checked", "%s is in the future", s)
	}
	return day
}
