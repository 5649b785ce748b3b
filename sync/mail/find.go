package mail

import "strings"

// findings pairs each dossier code in a mail with the status and payment
// state the mail gives it. The subject speaks for the whole mail, so its
// status wins; a subject without one leaves it to the code's own line (the
// last status there, as a line tells its story in order), and then to the
// first status anywhere in the body, but only when the mail names a single
// dossier: in a list of several, the other lines speak of the other codes.
func findings(subject, body string, forwarded bool) []Finding {
	whereSubject, whereBody := WhereSubject, WhereBody
	if forwarded {
		whereSubject, whereBody = WhereForwardedSubject, WhereForwardedBody
	}

	subj := scan(subject)
	type codeLine struct {
		code, where string
		line        said
	}
	var found []codeLine
	seen := map[string]bool{}
	add := func(codes []string, where string, line said) {
		for _, c := range codes {
			key := strings.ToUpper(c)
			if !seen[key] {
				seen[key] = true
				found = append(found, codeLine{c, where, line})
			}
		}
	}
	add(FindCodes(subject), whereSubject, subj)

	var first said
	for line := range strings.Lines(body) {
		s := scan(line)
		if len(first.statuses) == 0 {
			first.statuses = s.statuses
		}
		if len(first.payments) == 0 {
			first.payments = s.payments
		}
		add(FindCodes(line), whereBody, s)
	}

	if len(found) > 1 {
		first = said{}
	}
	out := make([]Finding, 0, len(found))
	for _, f := range found {
		out = append(out, Finding{
			Code:    f.code,
			Status:  firstStatus(subj.firstStatus(), f.line.lastStatus(), first.firstStatus()),
			Payment: firstPayment(subj.firstPayment(), f.line.lastPayment(), first.firstPayment()),
			Where:   f.where,
		})
	}
	return out
}

func firstStatus(choices ...Status) Status {
	for _, s := range choices {
		if s != StatusUnknown {
			return s
		}
	}
	return StatusUnknown
}

func firstPayment(choices ...PaymentState) PaymentState {
	for _, p := range choices {
		if p != PaymentUnknown {
			return p
		}
	}
	return PaymentUnknown
}
