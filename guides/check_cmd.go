package guides

import (
	"archive/zip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes of RunCheck.
const (
	// ExitClean means the guides have no problems (warnings may remain,
	// unless -strict).
	ExitClean = 0
	// ExitProblems means the check found problems.
	ExitProblems = 1
	// ExitUsage means the command line was wrong or the path unreadable.
	ExitUsage = 2
)

// checkUsage is printed for -h and after a usage error.
const checkUsage = `Usage: tiepsuc guides check [-strict] PATH

Checks a folder of guides, or a guide pack zip file, as strictly as the app
loads it, and prints one line per problem: file, step and field.
A pack zip must hold pack.json.

  -strict   count warnings (such as a picture no step shows) as problems

Exit status: 0 no problems, 1 problems found, 2 usage error.
`

// RunCheck runs "tiepsuc guides check [-strict] PATH" with args, the
// arguments after "check". It prints each problem and warning on its own
// line to stdout, then a summary, and returns the exit code: ExitClean,
// ExitProblems or ExitUsage. Usage errors go to stderr.
func RunCheck(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("tiepsuc guides check", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	strict := flags.Bool("strict", false, "count warnings as problems")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, checkUsage)
			return ExitClean
		}
		fmt.Fprintf(stderr, "tiepsuc guides check: %v\n\n%s", err, checkUsage)
		return ExitUsage
	}
	if flags.NArg() != 1 {
		fmt.Fprintf(stderr, "tiepsuc guides check: give one folder or pack zip, not %d\n\n%s",
			flags.NArg(), checkUsage)
		return ExitUsage
	}

	target := flags.Arg(0)
	rep, err := checkPath(target)
	if err != nil {
		fmt.Fprintf(stderr, "tiepsuc guides check: %v\n", err)
		return ExitUsage
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stdout, p.String())
	}
	for _, w := range rep.Warnings {
		fmt.Fprintln(stdout, warningLine(w))
	}
	fmt.Fprintln(stdout, summary(target, rep))
	if !rep.Clean() || (*strict && len(rep.Warnings) > 0) {
		return ExitProblems
	}
	return ExitClean
}

// checkPath checks a folder, or a pack zip file by unpacking it into a
// temporary folder first, as InstallPack would.
func checkPath(target string) (Report, error) {
	info, err := os.Stat(target)
	if err != nil {
		return Report{}, err
	}
	if info.IsDir() {
		return CheckDir(target)
	}
	if info.Size() > maxPackBytes {
		return Report{Problems: []Problem{{File: target,
			Message: fmt.Sprintf("pack is %d bytes, at most %d", info.Size(), maxPackBytes)}}}, nil
	}
	zr, err := zip.OpenReader(target)
	if err != nil {
		return Report{}, fmt.Errorf("%s is neither a folder nor a zip file: %w", target, err)
	}
	defer zr.Close()

	tmp, err := os.MkdirTemp("", "tiepsuc-guides-check-")
	if err != nil {
		return Report{}, err
	}
	defer os.RemoveAll(tmp)
	unpacked, err := unpack(zr, tmp)
	if err != nil {
		return Report{}, err
	}
	if !unpacked.Clean() {
		return unpacked, nil
	}
	rep, _, _, err := inspect(os.DirFS(tmp), true)
	rep.Warnings = append(unpacked.Warnings, rep.Warnings...)
	return rep, err
}

// warningLine formats a warning like a problem, marked as a warning.
func warningLine(w Problem) string {
	msg := w.Message
	w.Message = "warning: " + msg
	return w.String()
}

// summary is the last line printed, such as
// "guides/content: 13 guides, 20 pictures: no problems, 1 warning".
func summary(target string, rep Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s, %s: ", target, plural(rep.Guides, "guide"),
		plural(rep.Pictures, "picture"))
	if rep.Clean() {
		b.WriteString("no problems")
	} else {
		b.WriteString(plural(len(rep.Problems), "problem"))
	}
	if len(rep.Warnings) > 0 {
		b.WriteString(", " + plural(len(rep.Warnings), "warning"))
	}
	return b.String()
}

// plural writes n and the noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
