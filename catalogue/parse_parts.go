package catalogue

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"tiepsuc/internal/jsontree"
	"tiepsuc/internal/textfold"
)

// The fields of the objects inside a procedure.
var (
	paperFields  = []string{"name", "note", "required", "confirmed"}
	formFields   = []string{"id", "label", "kind", "required", "check", "choices"}
	choiceFields = []string{"value", "label"}
	feesFields   = []string{"cases", "exempt", "exempt_confirmed", "paid_at", "confirmed",
		"note"}
	caseFields   = []string{"when", "counter", "online"}
	timeFields   = []string{"text", "working_days"}
	sourceFields = []string{"title", "url", "note"}
)

const (
	// maxFee is the highest fee taken, in VND; commune fees are far lower,
	// so a bigger number is a typo.
	maxFee = 10_000_000
	// maxWorkingDays is the longest processing time taken, in working days.
	maxWorkingDays = 365
)

var (
	// wholePattern is a whole number written plainly: no sign, point or exponent.
	wholePattern = regexp.MustCompile(`^(0|[1-9][0-9]{0,9})$`)
	// valuePattern is a form field id or a choice value.
	valuePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
)

// papers reads the list of papers; it may be empty, but must be there.
func (c *checker) papers(v *jsontree.Node) []Paper {
	items, _ := c.list("papers", v, true)
	out := []Paper{}
	for i, it := range items {
		p := jsontree.Item("papers", i)
		if !c.object(p, it, paperFields) {
			continue
		}
		out = append(out, Paper{
			Name:      c.text(jsontree.Join(p, "name"), it.Get("name"), true, nameLimit),
			Note:      c.text(jsontree.Join(p, "note"), it.Get("note"), false, shortLimit),
			Required:  c.boolean(jsontree.Join(p, "required"), it.Get("required")),
			Confirmed: c.boolean(jsontree.Join(p, "confirmed"), it.Get("confirmed")),
		})
	}
	return out
}

// form reads the e-form fields, at least one.
func (c *checker) form(v *jsontree.Node) []FormField {
	items, ok := c.list("form", v, true)
	if ok && len(items) == 0 {
		c.add("form", "empty; list the e-form fields")
	}
	var out []FormField
	for i, it := range items {
		p := jsontree.Item("form", i)
		if !c.object(p, it, formFields) {
			continue
		}
		f := FormField{
			ID:       c.value(jsontree.Join(p, "id"), it.Get("id")),
			Label:    c.text(jsontree.Join(p, "label"), it.Get("label"), true, labelLimit),
			Kind:     c.enum(jsontree.Join(p, "kind"), it.Get("kind"), kinds),
			Required: c.boolean(jsontree.Join(p, "required"), it.Get("required")),
		}
		f.Check = c.fieldCheck(jsontree.Join(p, "check"), it.Get("check"), f.Kind)
		f.Choices = c.choices(jsontree.Join(p, "choices"), it.Get("choices"), f.Kind)
		if f.ID != "" && slices.ContainsFunc(out, func(o FormField) bool { return o.ID == f.ID }) {
			c.add(jsontree.Join(p, "id"), "%q is the id of another field too", f.ID)
		}
		out = append(out, f)
	}
	return out
}

// value reads a form field id or a choice value.
func (c *checker) value(p string, v *jsontree.Node) string {
	s, ok := c.str(p, v, true, 40)
	if ok && !valuePattern.MatchString(s) {
		c.add(p, "%q: use lower-case letters, digits and single underscores", s)
		return ""
	}
	return s
}

// fieldCheck reads which check applies, and that it reads the field's kind.
func (c *checker) fieldCheck(p string, v *jsontree.Node, kind string) string {
	all := []string{CheckFullName, CheckIDNumber, CheckBirthDate, CheckPhone, CheckAddress,
		CheckDossierCode, CheckNone}
	check := c.enum(p, v, all)
	if want, ok := checkKind[check]; ok && kind != "" && kind != want {
		c.add(p, "the %s check reads a %s field, not %s", check, want, kind)
	}
	return check
}

// choices reads the answers of a choice field; other kinds have none.
func (c *checker) choices(p string, v *jsontree.Node, kind string) []Choice {
	if kind != KindChoice {
		if v != nil && kind != "" {
			c.add(p, "only a choice field has choices")
		}
		return nil
	}
	items, ok := c.list(p, v, true)
	if ok && len(items) < 2 {
		c.add(p, "a choice field needs at least 2 choices")
	}
	var out []Choice
	for i, it := range items {
		ip := jsontree.Item(p, i)
		if !c.object(ip, it, choiceFields) {
			continue
		}
		ch := Choice{
			Value: c.value(jsontree.Join(ip, "value"), it.Get("value")),
			Label: c.text(jsontree.Join(ip, "label"), it.Get("label"), true, labelLimit),
		}
		if ch.Value != "" && slices.ContainsFunc(out, func(o Choice) bool {
			return o.Value == ch.Value
		}) {
			c.add(jsontree.Join(ip, "value"), "%q is given twice", ch.Value)
		}
		out = append(out, ch)
	}
	return out
}

// fees reads the fee block and checks that its flags agree with its amounts.
func (c *checker) fees(v *jsontree.Node) Fees {
	if !c.present("fees", v, true) || !c.object("fees", v, feesFields) {
		return Fees{}
	}
	var f Fees
	items, ok := c.list("fees.cases", v.Get("cases"), true)
	if ok && len(items) == 0 {
		c.add("fees.cases", "empty; give at least the usual case")
	}
	for i, it := range items {
		p := jsontree.Item("fees.cases", i)
		if !c.object(p, it, caseFields) {
			continue
		}
		f.Cases = append(f.Cases, FeeCase{
			When:    c.text(jsontree.Join(p, "when"), it.Get("when"), true, shortLimit),
			Counter: c.amount(jsontree.Join(p, "counter"), it.Get("counter")),
			Online:  c.amount(jsontree.Join(p, "online"), it.Get("online")),
		})
	}
	f.Exempt = c.text("fees.exempt", v.Get("exempt"), true, longLimit)
	f.ExemptConfirmed = c.boolean("fees.exempt_confirmed", v.Get("exempt_confirmed"))
	f.PaidAt = c.enum("fees.paid_at", v.Get("paid_at"), paidAts)
	f.Confirmed = c.boolean("fees.confirmed", v.Get("confirmed"))
	f.Note = c.text("fees.note", v.Get("note"), false, longLimit)

	known, free := true, true
	for _, fc := range f.Cases {
		for _, a := range []Amount{fc.Counter, fc.Online} {
			known = known && a.Known
			free = free && a.Known && a.VND == 0
		}
	}
	switch {
	case f.Confirmed && !known:
		c.add("fees.confirmed", "true, but an amount is null (not known)")
	case f.PaidAt == PaidAtNone && !free:
		c.add("fees.paid_at", `"none", but an amount is not 0`)
	case f.PaidAt != PaidAtNone && f.PaidAt != "" && free && len(f.Cases) > 0:
		c.add("fees.paid_at", `every amount is 0, so write "none"`)
	}
	return f
}

// amount reads a fee in VND: a whole number, or null when not known.
func (c *checker) amount(p string, v *jsontree.Node) Amount {
	if !c.present(p, v, true) || v.Kind == jsontree.Null {
		return Amount{}
	}
	if v.Kind != jsontree.Number || !wholePattern.MatchString(v.Text) {
		c.add(p, "must be a whole number of VND such as 15000, or null if not known")
		return Amount{}
	}
	n, _ := strconv.ParseInt(v.Text, 10, 64)
	if n > maxFee {
		c.add(p, "%d VND is more than %d; is there a typo?", n, maxFee)
		return Amount{}
	}
	return Amount{VND: n, Known: true}
}

// processingTime reads the processing time.
func (c *checker) processingTime(v *jsontree.Node) ProcessingTime {
	if !c.present("time", v, true) || !c.object("time", v, timeFields) {
		return ProcessingTime{}
	}
	t := ProcessingTime{Text: c.text("time.text", v.Get("text"), true, shortLimit)}
	days := v.Get("working_days")
	if days == nil {
		return t
	}
	n, err := strconv.Atoi(days.Text)
	if days.Kind != jsontree.Number || !wholePattern.MatchString(days.Text) || err != nil ||
		n < 1 || n > maxWorkingDays {
		c.add("time.working_days", "must be a whole number of days from 1 to %d; "+
			"leave it out when not known", maxWorkingDays)
		return t
	}
	t.WorkingDays = n
	return t
}

// guides reads the ids of the guides that cover the procedure.
func (c *checker) guides(v *jsontree.Node) []string {
	items, _ := c.list("guides", v, true)
	out := []string{}
	for i, it := range items {
		p := jsontree.Item("guides", i)
		id, ok := c.str(p, it, true, 64)
		switch {
		case !ok:
		case !guidePattern.MatchString(id):
			c.add(p, "%q is not a guide id", id)
		case slices.Contains(out, id):
			c.add(p, "%q is listed twice", id)
		default:
			out = append(out, id)
		}
	}
	return out
}

// keywords reads the optional search words.
func (c *checker) keywords(v *jsontree.Node) []string {
	items, _ := c.list("keywords", v, false)
	var out []string
	var folded []string
	for i, it := range items {
		p := jsontree.Item("keywords", i)
		k, ok := c.str(p, it, true, 60)
		if !ok {
			continue
		}
		if slices.Contains(folded, textfold.Fold(k)) {
			c.add(p, "%q is listed twice (ignoring accents)", k)
			continue
		}
		out = append(out, k)
		folded = append(folded, textfold.Fold(k))
	}
	return out
}

// sources reads where the facts come from: at least one source.
func (c *checker) sources(v *jsontree.Node) []Source {
	items, ok := c.list("sources", v, true)
	if ok && len(items) == 0 {
		c.add("sources", "empty; say where the facts come from")
	}
	var out []Source
	for i, it := range items {
		p := jsontree.Item("sources", i)
		if !c.object(p, it, sourceFields) {
			continue
		}
		s := Source{}
		s.Title, _ = c.str(jsontree.Join(p, "title"), it.Get("title"), true, shortLimit)
		s.Note, _ = c.str(jsontree.Join(p, "note"), it.Get("note"), false, longLimit)
		if u, ok := c.str(jsontree.Join(p, "url"), it.Get("url"), false, 400); ok {
			s.URL = c.address(jsontree.Join(p, "url"), u)
		}
		out = append(out, s)
	}
	return out
}

// address checks that u is a web address with a host.
func (c *checker) address(p, u string) string {
	parsed, err := url.Parse(u)
	if err != nil || (parsed.Scheme != "https" && parsed.Scheme != "http") ||
		parsed.Host == "" || strings.ContainsAny(u, " \t") {
		c.add(p, "%q is not a web address starting with https://", u)
		return ""
	}
	return u
}
