package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/skip2/go-qrcode"

	"tiepsuc/sync/hub"
	"tiepsuc/sync/hubapi"
)

// codeValidity is how long an enrolment code is valid by default.
const codeValidity = 7 * 24 * time.Hour

// deskAdd runs `hub desk add`: it prints the one-time code and its QR code.
func deskAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlags("desk add", stderr)
	commune := fs.String("commune", "", "commune or ward of the desk, e.g. \"Tam Hiệp\"")
	name := fs.String("name", "", "name of the desk, e.g. \"Bàn 2\"")
	valid := fs.Duration("valid", codeValidity, "how long the enrolment code is valid")
	hubURL := fs.String("hub", "", "hub address for the QR code, e.g. https://10.0.0.5:8443")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *commune == "" || *name == "" {
		return errors.New("desk add: --commune and --name are required")
	}
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()

	now := time.Now()
	desk, code, err := db.CreateDesk(ctx, *commune, *name, *valid, now)
	if err != nil {
		return err
	}
	link := hubapi.EnrolLink{Code: code, Hub: *hubURL, Fingerprint: certFingerprint(c.data)}
	qr, err := qrcode.New(link.String(), qrcode.Medium)
	if err != nil {
		return fmt.Errorf("desk add: qr code: %w", err)
	}
	fmt.Fprintf(stdout, "desk %s (%s, %s) added.\n", desk.ID, desk.Name, desk.Commune)
	fmt.Fprintf(stdout, "enrolment code: %s  (one use, valid until %s)\n",
		hubapi.FormatCode(code), now.Add(*valid).Format("2006-01-02 15:04 MST"))
	if link.Fingerprint == "" {
		fmt.Fprintln(stdout, "(no certificate in --data yet: the QR code carries the code only)")
	}
	fmt.Fprint(stdout, qr.ToSmallString(false))
	return nil
}

// certFingerprint returns the fingerprint of the self-signed certificate in
// dir, or "" when there is none.
func certFingerprint(dir string) string {
	c, err := tls.LoadX509KeyPair(filepath.Join(dir, "hub-cert.pem"),
		filepath.Join(dir, "hub-key.pem"))
	if err != nil {
		return ""
	}
	return hub.CertFingerprint(c)
}

// deskList runs `hub desk list`.
func deskList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlags("desk list", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	desks, err := db.Desks(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCOMMUNE\tNAME\tSTATE")
	for _, d := range desks {
		state := "waiting for enrolment"
		switch {
		case !d.RevokedAt.IsZero():
			state = "revoked " + d.RevokedAt.Format(time.DateOnly)
		case !d.EnrolledAt.IsZero():
			state = "enrolled " + d.EnrolledAt.Format(time.DateOnly)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.ID, d.Commune, d.Name, state)
	}
	return tw.Flush()
}

// deskRevoke runs `hub desk revoke`.
func deskRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlags("desk revoke", stderr)
	id := fs.String("id", "", "id of the desk, from `hub desk list`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.RevokeDesk(ctx, *id, time.Now()); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "desk", *id, "revoked: its token no longer works")
	return nil
}

// statusSet runs `hub status set`.
func statusSet(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlags("status set", stderr)
	commune := fs.String("commune", "", "commune of the draft")
	draft := fs.String("draft", "", "draft id")
	var sc hubapi.StatusChange
	fs.StringVar(&sc.Status, "status", "", fmt.Sprintf("one of %v", hubapi.DossierStatuses))
	fs.StringVar(&sc.DossierCode, "code", "", "dossier code (mã hồ sơ)")
	fs.StringVar(&sc.Note, "note", "", "short note without personal data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.SetStatus(ctx, *commune, *draft, sc, time.Now()); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "status recorded; desks of", *commune, "get it on their next pull")
	return nil
}
