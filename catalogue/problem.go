package catalogue

import "strings"

// Problem is one thing wrong in a catalogue file.
type Problem struct {
	// File is the file name, such as "temporary_residence.json", or empty
	// for a problem of the catalogue as a whole.
	File string
	// Field is the path of the field at fault, such as "fees.cases[1].online".
	Field string
	// Message says what is wrong.
	Message string
}

// String formats p as one line, such as
// `temporary_residence.json: fees.cases[1].online: must be a whole number`.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// LoadError lists every problem found while reading the catalogue.
type LoadError struct {
	// Problems are in file order, then in the order of the fields.
	Problems []Problem
}

// Error prints one problem per line.
func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
