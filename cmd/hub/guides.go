package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"tiepsuc/guides"
	"tiepsuc/sync/hub"
	"tiepsuc/sync/hub/hubstore"
	"tiepsuc/sync/hubapi"
)

// guidesPublish runs `hub guides publish PACK.zip`: it checks the pack as
// a desk will before installing it, and keeps it in the hub's database,
// from where every desk downloads it on its next hourly check.
func guidesPublish(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlags("guides publish", stderr)
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return errors.New("guides publish: give one guide pack zip file," +
			" e.g. hub guides publish guides-7.zip")
	}
	data, err := readPack(files[0])
	if err != nil {
		return fmt.Errorf("guides publish: %w", err)
	}
	check, err := hub.CheckGuidePack(filepath.Base(files[0]), data)
	if err != nil {
		return fmt.Errorf("guides publish: %w", err)
	}
	for _, line := range check.Lines {
		fmt.Fprintln(stdout, line)
	}
	if !check.Clean {
		return fmt.Errorf("guides publish: %s fails the guide check (see above);"+
			" nothing was published", files[0])
	}

	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	gp, err := db.PublishGuidePack(ctx, check.Version, data, time.Now())
	if errors.Is(err, hubstore.ErrNotNewer) {
		newest, lerr := db.LatestGuidePack(ctx)
		if lerr != nil {
			return err
		}
		return fmt.Errorf("guides publish: %s is version %d, not newer than version %d"+
			" already published; raise \"version\" in its pack.json; nothing was published",
			files[0], check.Version, newest.Version)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "guide pack version %d published (%d bytes, sha256 %s);"+
		" desks take it within the hour\n", gp.Version, gp.Size, gp.SHA256)
	if builtin, err := guides.BuiltinVersion(); err == nil && gp.Version <= builtin {
		fmt.Fprintf(stdout, "warning: this release's built-in guides are version %d;"+
			" desks of this release or newer keep theirs and do not take version %d\n",
			builtin, gp.Version)
	}
	return nil
}

// readPack reads a pack zip file, refusing a folder or a file over the limit
// before reading it.
func readPack(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s is a folder; zip what is inside it first,"+
			" with pack.json at the top (cd FOLDER && zip -r ../pack.zip .)", path)
	}
	if info.Size() > hubapi.MaxGuidePackBytes {
		return nil, fmt.Errorf("%s is %d bytes; a guide pack may have at most %d (20 MiB)",
			path, info.Size(), hubapi.MaxGuidePackBytes)
	}
	return os.ReadFile(path)
}

// parseInterleaved parses flags that may come before or after the file
// names, and returns the file names.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return files, nil
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// guidesList runs `hub guides list`: the published packs, newest first.
func guidesList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlags("guides list", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	packs, err := db.GuidePacks(ctx)
	if err != nil {
		return err
	}
	if len(packs) == 0 {
		fmt.Fprintln(stdout, "no guide pack published yet: desks use their built-in guides")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tPUBLISHED\tBYTES\tSHA256")
	for _, p := range packs {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\n", p.Version,
			p.PublishedAt.Local().Format("2006-01-02 15:04"), p.Size, p.SHA256)
	}
	return tw.Flush()
}
