package guides

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong in a guide file or picture.
type Problem struct {
	// File is the file name, such as "vneid-activate.json".
	File string
	// Step is the 1-based step number, or 0 for the guide as a whole.
	Step int
	// StepID is the id of that step, if it has one.
	StepID string
	// Field is the path of the field at fault, such as "text.en", or empty.
	Field string
	// Message says what is wrong.
	Message string
}

// String formats p as one line, such as
// `vneid-activate.json: step 3 "enter-otp": text.en: missing`.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		b.WriteString(": ")
	}
	if p.Step > 0 {
		fmt.Fprintf(&b, "step %d", p.Step)
		if p.StepID != "" {
			fmt.Fprintf(&b, " %q", p.StepID)
		}
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// LoadError lists every problem found while reading guides.
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
