package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"time"

	"tiepsuc/sync/hub"
)

// hostList collects repeated --host flags.
type hostList []string

// String joins the hosts.
func (h *hostList) String() string { return strings.Join(*h, ",") }

// Set adds a host.
func (h *hostList) Set(v string) error {
	*h = append(*h, v)
	return nil
}

// serve runs `hub serve`.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlags("serve", stderr)
	addr := fs.String("addr", "127.0.0.1:8443", "address to listen on")
	certFile := fs.String("tls-cert", "", "PEM certificate (with --tls-key); "+
		"without both, a self-signed one is kept in --data")
	keyFile := fs.String("tls-key", "", "PEM private key of --tls-cert")
	var hosts hostList
	fs.Var(&hosts, "host", "name or IP address desks use to reach the hub "+
		"(repeatable; put in the self-signed certificate)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*certFile == "") != (*keyFile == "") {
		return fmt.Errorf("serve: give both --tls-cert and --tls-key, or neither")
	}

	log := newLogger(stderr)
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()

	var cert tls.Certificate
	if *certFile != "" {
		cert, err = hub.LoadCert(*certFile, *keyFile)
	} else {
		var made bool
		cert, made, err = hub.SelfSignedCert(c.data, hosts, time.Now())
		if made {
			fmt.Fprintln(stdout, "made a new self-signed certificate in", c.data,
				"(desks must pin the new fingerprint)")
		}
	}
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintf(stdout, "hub (%s) listening on https://%s\n", db.Engine(), ln.Addr())
	fmt.Fprintf(stdout, "certificate SHA-256 fingerprint: %s\n", hub.CertFingerprint(cert))
	// Attachments are kept as files in the data folder, not in the database;
	// files no draft lists any more go after a week.
	blobs, err := hub.OpenBlobs(filepath.Join(c.data, "blobs"), 0)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	go sweepBlobs(ctx, blobs, db.BlobInUse, log)
	srv := hub.NewHTTPServer(hub.New(db, log, hub.WithBlobs(blobs)), cert, log)
	if err := hub.Serve(ctx, ln, srv); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "hub stopped")
	return nil
}

// blobGrace is how long the hub keeps a file no draft lists any more, so a
// desk that attached it and has not pushed the draft yet still finds it.
const blobGrace = 7 * 24 * time.Hour

// sweepBlobs removes, hourly, the files no draft lists after blobGrace.
func sweepBlobs(ctx context.Context, b *hub.Blobs,
	inUse func(context.Context, string) (bool, error), log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if _, err := b.Sweep(ctx, blobGrace, time.Now(), inUse); err != nil {
			log.Warn("sweep blobs", "op", "sweep", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
