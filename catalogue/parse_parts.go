package catalogue

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

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
func (c *checker) papers(v *value) []Paper {
	items, _ := c.list("papers", v, true)
	out := []Paper{}
	for i, it := range items {
		p := at("papers", i)
		if !c.object(p, it, paperFields) {
			continue
		}
		out = append(out, Paper{
			Name:      c.text(join(p, "name"), it.member("name"), true, nameLimit),
			Note:      c.text(join(p, "note"), it.member("note"), false, shortLimit),
			Required:  c.boolean(join(p, "required"), it.member("required")),
			Confirmed: c.boolean(join(p, "confirmed"), it.member("confirmed")),
		})
	}
	return out
}

// form reads the e-form fields, at least one.
func (c *checker) form(v *value) []FormField {
	items, ok := c.list("form", v, true)
	if ok && len(items) == 0 {
		c.add("form", "empty; list the e-form fields")
	}
	var out []FormField
	for i, it := range items {
		p := at("form", i)
		if !c.object(p, it, formFields) {
			continue
		}
		f := FormField{
			ID:       c.value(join(p, "id"), it.member("id")),
			Label:    c.text(join(p, "label"), it.member("label"), true, labelLimit),
			Kind:     c.enum(join(p, "kind"), it.member("kind"), kinds),
			Required: c.boolean(join(p, "required"), it.member("required")),
		}
		f.Check = c.fieldCheck(join(p, "check"), it.member("check"), f.Kind)
		f.Choices = c.choices(join(p, "choices"), it.member("choices"), f.Kind)
		if f.ID != "" && slices.ContainsFunc(out, func(o FormField) bool { return o.ID == f.ID }) {
			c.add(join(p, "id"), "%q is the id of another field too", f.ID)
		}
		out = append(out, f)
	}
	return out
}

// value reads a form field id or a choice value.
func (c *checker) value(p string, v *value) string {
	s, ok := c.str(p, v, true, 40)
	if ok && !valuePattern.MatchString(s) {
		c.add(p, "%q: use lower-case letters, digits and single underscores", s)
		return ""
	}
	return s
}

// fieldCheck reads which check applies, and that it reads the field's kind.
func (c *checker) fieldCheck(p string, v *value, kind string) string {
	all := []string{CheckFullName, CheckIDNumber, CheckBirthDate, CheckPhone, CheckAddress,
		CheckDossierCode, CheckNone}
	check := c.enum(p, v, all)
	if want, ok := checkKind[check]; ok && kind != "" && kind != want {
		c.add(p, "the %s check reads a %s field, not %s", check, want, kind)
	}
	return check
}

// choices reads the answers of a choice field; other kinds have none.
func (c *checker) choices(p string, v *value, kind string) []Choice {
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
		ip := at(p, i)
		if !c.object(ip, it, choiceFields) {
			continue
		}
		ch := Choice{
			Value: c.value(join(ip, "value"), it.member("value")),
			Label: c.text(join(ip, "label"), it.member("label"), true, labelLimit),
		}
		if ch.Value != "" && slices.ContainsFunc(out, func(o Choice) bool {
			return o.Value == ch.Value
		}) {
			c.add(join(ip, "value"), "%q is given twice", ch.Value)
		}
		out = append(out, ch)
	}
	return out
}

// fees reads the fee block and checks that its flags agree with its amounts.
func (c *checker) fees(v *value) Fees {
	if !c.present("fees", v, true) || !c.object("fees", v, feesFields) {
		return Fees{}
	}
	var f Fees
	items, ok := c.list("fees.cases", v.member("cases"), true)
	if ok && len(items) == 0 {
		c.add("fees.cases", "empty; give at least the usual case")
	}
	for i, it := range items {
		p := at("fees.cases", i)
		if !c.object(p, it, caseFields) {
			continue
		}
		f.Cases = append(f.Cases, FeeCase{
			When:    c.text(join(p, "when"), it.member("when"), true, shortLimit),
			Counter: c.amount(join(p, "counter"), it.member("counter")),
			Online:  c.amount(join(p, "online"), it.member("online")),
		})
	}
	f.Exempt = c.text("fees.exempt", v.member("exempt"), true, longLimit)
	f.ExemptConfirmed = c.boolean("fees.exempt_confirmed", v.member("exempt_confirmed"))
	f.PaidAt = c.enum("fees.paid_at", v.member("paid_at"), paidAts)
	f.Confirmed = c.boolean("fees.confirmed", v.member("confirmed"))
	f.Note = c.text("fees.note", v.member("note"), false, longLimit)

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
func (c *checker) amount(p string, v *value) Amount {
	if !c.present(p, v, true) || v.typ == typeNull {
		return Amount{}
	}
	if v.typ != typeNumber || !wholePattern.MatchString(v.text) {
		c.add(p, "must be a whole number of VND such as 15000, or null if not known")
		return Amount{}
	}
	n, _ := strconv.ParseInt(v.text, 10, 64)
	if n > maxFee {
		c.add(p, "%d VND is more than %d; is there a typo?", n, maxFee)
		return Amount{}
	}
	return Amount{VND: n, Known: true}
}

// processingTime reads the processing time.
func (c *checker) processingTime(v *value) ProcessingTime {
	if !c.present("time", v, true) || !c.object("time", v, timeFields) {
		return ProcessingTime{}
	}
	t := ProcessingTime{Text: c.text("time.text", v.member("text"), true, shortLimit)}
	days := v.member("working_days")
	if days == nil {
		return t
	}
	n, err := strconv.Atoi(days.text)
	if days.typ != typeNumber || !wholePattern.MatchString(days.text) || err != nil ||
		n < 1 || n > maxWorkingDays {
		c.add("time.working_days", "must be a whole number of days from 1 to %d; "+
			"leave it out when not known", maxWorkingDays)
		return t
	}
	t.WorkingDays = n
	return t
}

// guides reads the ids of the guides that cover the procedure.
func (c *checker) guides(v *value) []string {
	items, _ := c.list("guides", v, true)
	out := []string{}
	for i, it := range items {
		p := at("guides", i)
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
func (c *checker) keywords(v *value) []string {
	items, _ := c.list("keywords", v, false)
	var out []string
	var folded []string
	for i, it := range items {
		p := at("keywords", i)
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
func (c *checker) sources(v *value) []Source {
	items, ok := c.list("sources", v, true)
	if ok && len(items) == 0 {
		c.add("sources", "empty; say where the facts come from")
	}
	var out []Source
	for i, it := range items {
		p := at("sources", i)
		if !c.object(p, it, sourceFields) {
			continue
		}
		s := Source{}
		s.Title, _ = c.str(join(p, "title"), it.member("title"), true, shortLimit)
		s.Note, _ = c.str(join(p, "note"), it.member("note"), false, longLimit)
		if u, ok := c.str(join(p, "url"), it.member("url"), false, 400); ok {
			s.URL = c.address(join(p, "url"), u)
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
