// Command startup compares how long the desk app and a bare Fyne window take
// from exec to their first painted frame. It builds both with the same go
// command, starts each N times, alternating, on its own Xvfb server, and
// prints min, median and 90th percentile side by side with the ratio
// app / bare (target: at most 1.5 on the median).
//
// It is a program rather than a Go benchmark because each sample is a whole
// process start, with its own build step and X server: `go test -bench`
// would choose the run count itself and mix that set-up into its timing.
//
// Usage: go run ./bench/startup [-n 10] [-warmup 1] [-timeout 60s]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"tiepsuc/internal/firstframe"
	"tiepsuc/tests/smoke/xvfb"
)

// target is the largest app / bare ratio of medians we accept.
const target = 1.5

func main() {
	runs := flag.Int("n", 10, "starts of each program")
	warmup := flag.Int("warmup", 1, "uncounted starts of each program first")
	limit := flag.Duration("timeout", 60*time.Second, "longest wait for one first frame")
	appPkg := flag.String("app", "tiepsuc", "package of the desk app")
	barePkg := flag.String("bare", "tiepsuc/bench/barewindow", "package of the bare window")
	flag.Parse()

	if err := run(os.Stdout, *runs, *warmup, *limit, *appPkg, *barePkg); err != nil {
		fmt.Fprintln(os.Stderr, "startup:", err)
		os.Exit(1)
	}
}

func run(out io.Writer, runs, warmup int, limit time.Duration, appPkg, barePkg string) error {
	if runs < 1 {
		return fmt.Errorf("-n must be at least 1")
	}
	if missing := xvfb.Missing("Xvfb"); len(missing) > 0 {
		return fmt.Errorf("missing %s: run `make test-deps`", strings.Join(missing, ", "))
	}
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "tiepsuc-startup-")
	if err != nil {
		return fmt.Errorf("temp folder: %w", err)
	}
	defer os.RemoveAll(tmp)

	fmt.Fprintf(out, "building %s and %s with %s\n", appPkg, barePkg, goVersion(ctx))
	appBin, err := build(ctx, appPkg, tmp, "app")
	if err != nil {
		return err
	}
	bareBin, err := build(ctx, barePkg, tmp, "bare")
	if err != nil {
		return err
	}
	progs := [2]program{
		{name: "app", bin: appBin, args: func() ([]string, error) {
			data, err := os.MkdirTemp(tmp, "data-")
			return []string{"--data", data}, err
		}},
		{name: "bare window", bin: bareBin, args: func() ([]string, error) { return nil, nil }},
	}

	srv, err := xvfb.Start(ctx, 1280, 800)
	if err != nil {
		return err
	}
	defer srv.Stop()
	env := srv.Env(firstframe.EnvVar+"=1", "XDG_CONFIG_HOME="+tmp+"/config",
		"XDG_CACHE_HOME="+tmp+"/cache")

	fmt.Fprintf(out, "starting each %d times (+%d warm-up), alternating, on Xvfb %s\n",
		runs, warmup, srv.Display)
	var times [2][]time.Duration
	for i := range warmup + runs {
		// Alternate which program goes first so neither always follows the other.
		order := [2]int{i % 2, 1 - i%2}
		for _, k := range order {
			d, warning, err := startOnce(ctx, progs[k], env, limit)
			if err != nil {
				return err
			}
			if warning != "" {
				fmt.Fprintln(out, "warning:", warning)
			}
			if i >= warmup {
				times[k] = append(times[k], d)
			}
		}
	}
	report(out, runs, summarize(times[0]), summarize(times[1]))
	return nil
}

// report prints the two summaries side by side and the verdict.
func report(out io.Writer, runs int, app, bare summary) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.0f ms", d.Seconds()*1000) }
	fmt.Fprintf(out, "\nexec to first frame, %d runs each\n", runs)
	fmt.Fprintf(out, "%-14s %10s %10s %10s\n", "", "min", "median", "p90")
	fmt.Fprintf(out, "%-14s %10s %10s %10s\n", "app", ms(app.Min), ms(app.Median), ms(app.P90))
	fmt.Fprintf(out, "%-14s %10s %10s %10s\n", "bare window",
		ms(bare.Min), ms(bare.Median), ms(bare.P90))
	fmt.Fprintf(out, "%-14s %9.2fx %9.2fx %9.2fx\n", "app / bare",
		ratio(app.Min, bare.Min), ratio(app.Median, bare.Median), ratio(app.P90, bare.P90))

	verdict := "within"
	if ratio(app.Median, bare.Median) > target {
		verdict = "OVER"
	}
	fmt.Fprintf(out, "median ratio %.2fx: %s the %.1fx target\n",
		ratio(app.Median, bare.Median), verdict, target)
}

// goVersion returns `go version` for the report, so figures name their toolchain.
func goVersion(ctx context.Context) string {
	v, err := exec.CommandContext(ctx, "go", "version").Output()
	if err != nil {
		return "go (version unknown)"
	}
	return strings.TrimSpace(string(v))
}
