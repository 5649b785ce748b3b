// Command hub is the provincial hub of Tiếp Sức: it serves the desks' sync
// over HTTPS and lets an admin add desks, record dossier statuses and
// publish guide packs. Run `hub help` for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"tiepsuc/sync/hub/hubstore"
)

// usage lists the commands.
const usage = `hub: the Tiếp Sức provincial hub.

Commands:
  hub serve   [--db DSN] [--data DIR] [--addr HOST:PORT] [--host NAME]...
              [--tls-cert FILE --tls-key FILE]
  hub desk add     --commune NAME --name NAME [--valid 168h] [--hub URL]
  hub desk list
  hub desk revoke  --id DESK_ID
  hub status set   --commune NAME --draft ID --status STATUS [--code CODE] [--note TEXT]
  hub guides publish PACK.zip
  hub guides list

Every command takes --db (sqlite:///path/hub.db or postgres://…; default
sqlite://hub-data/hub.db) and --data (the folder of the self-signed
certificate; default hub-data).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hub:", err)
		os.Exit(1)
	}
}

// run carries out one command; tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cmd := args[0]
	if len(args) > 1 && (cmd == "desk" || cmd == "status" || cmd == "guides") {
		cmd += " " + args[1]
		args = args[1:]
	}
	commands := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"serve":          serve,
		"desk add":       deskAdd,
		"desk list":      deskList,
		"desk revoke":    deskRevoke,
		"status set":     statusSet,
		"guides publish": guidesPublish,
		"guides list":    guidesList,
	}
	fn, ok := commands[cmd]
	if !ok {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
	return fn(ctx, args[1:], stdout, stderr)
}

// common holds the flags every command takes.
type common struct {
	db, data string
}

// newFlags makes a flag set with the common flags.
func newFlags(name string, stderr io.Writer) (*flag.FlagSet, *common) {
	fs := flag.NewFlagSet("hub "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &common{}
	fs.StringVar(&c.db, "db", "sqlite://"+filepath.Join("hub-data", "hub.db"),
		"database: sqlite:///path/hub.db or postgres://user@host/db")
	fs.StringVar(&c.data, "data", "hub-data", "folder of the self-signed certificate")
	return fs, c
}

// open opens the hub's database.
func (c *common) open(ctx context.Context) (*hubstore.DB, error) {
	return hubstore.Open(ctx, c.db)
}

// newLogger logs text lines to w; ids only, never payloads.
func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
