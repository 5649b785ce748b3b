package catalogue

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"tiepsuc/guides"
)

// Exit codes of RunCheck.
const (
	// ExitClean means the catalogue has no problems.
	ExitClean = 0
	// ExitProblems means the check found problems.
	ExitProblems = 1
	// ExitUsage means the command line was wrong or a folder unreadable.
	ExitUsage = 2
)

// checkUsage is printed for -h and after a usage error.
const checkUsage = `Usage: tiepsuc catalogue check [-guides GUIDES_DIR] DIR

Checks a folder of procedure files (*.json) as strictly as the app loads
them, and that every guide they name exists, and prints one line per
problem: file and field.

  -guides DIR   check guide names against this guides folder instead of
                the guides built into the app

Exit status: 0 no problems, 1 problems found, 2 usage error.
`

// RunCheck runs "tiepsuc catalogue check [-guides GUIDES_DIR] DIR" with
// args, the arguments after "check". It prints each problem on its own
// line to stdout, then a summary, and returns ExitClean, ExitProblems or
// ExitUsage. Usage errors go to stderr.
func RunCheck(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("tiepsuc catalogue check", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	guidesDir := flags.String("guides", "", "guides folder to check guide names against")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, checkUsage)
			return ExitClean
		}
		fmt.Fprintf(stderr, "tiepsuc catalogue check: %v\n\n%s", err, checkUsage)
		return ExitUsage
	}
	if flags.NArg() != 1 {
		fmt.Fprintf(stderr, "tiepsuc catalogue check: give one folder, not %d\n\n%s",
			flags.NArg(), checkUsage)
		return ExitUsage
	}
	dir := flags.Arg(0)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "tiepsuc catalogue check: %s is not a folder\n", dir)
		return ExitUsage
	}

	lib, err := guideLibrary(*guidesDir)
	if err != nil {
		fmt.Fprintf(stderr, "tiepsuc catalogue check: %v\n", err)
		return ExitUsage
	}
	cat, err := Load(os.DirFS(dir))
	var problems []Problem
	var le *LoadError
	switch {
	case errors.As(err, &le):
		problems = le.Problems
	case err != nil:
		fmt.Fprintf(stderr, "tiepsuc catalogue check: %v\n", err)
		return ExitUsage
	default:
		problems = cat.GuideProblems(func(id string) bool {
			_, ok := lib.Guide(id)
			return ok
		})
	}

	for _, p := range problems {
		fmt.Fprintln(stdout, p.String())
	}
	if len(problems) > 0 {
		fmt.Fprintf(stdout, "%d problem(s) in %s\n", len(problems), dir)
		return ExitProblems
	}
	fmt.Fprintf(stdout, "%d procedure(s) in %s, no problems\n", len(cat.procedures), dir)
	return ExitClean
}

// guideLibrary loads the guides folder dir, or the built-in guides when
// dir is empty.
func guideLibrary(dir string) (*guides.Library, error) {
	if dir == "" {
		lib, err := guides.Builtin()
		if err != nil {
			return nil, fmt.Errorf("load built-in guides: %w", err)
		}
		return lib, nil
	}
	lib, err := guides.Load(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("load guides in %s: %w", dir, err)
	}
	return lib, nil
}
