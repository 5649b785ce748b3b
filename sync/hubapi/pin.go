package hubapi

import (
	"bytes"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// Fingerprint returns the SHA-256 fingerprint of a DER certificate as upper
// case hex pairs joined by colons, the form `openssl x509 -fingerprint
// -sha256` prints.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

// ParseFingerprint reads a SHA-256 fingerprint written with or without
// colons, in either case.
func ParseFingerprint(s string) ([]byte, error) {
	h := strings.NewReplacer(":", "", " ", "").Replace(strings.TrimSpace(s))
	if len(h) != 2*sha256.Size {
		return nil, fmt.Errorf("fingerprint: want %d hex digits", 2*sha256.Size)
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return nil, fmt.Errorf("fingerprint: %w", err)
	}
	return b, nil
}

// PinnedHTTPClient returns an HTTP client that trusts exactly the hub
// certificate with the given SHA-256 fingerprint, as a desk does with a
// hub's self-signed certificate, and nothing else.
func PinnedHTTPClient(fingerprint string, timeout time.Duration) (*http.Client, error) {
	want, err := ParseFingerprint(fingerprint)
	if err != nil {
		return nil, err
	}
	cfg := &tls.Config{
		MinVersion: tls.VersionTLS12,
		// The chain is not checked against system roots; VerifyConnection
		// checks the leaf against the pin instead.
		InsecureSkipVerify: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("hub sent no certificate")
			}
			got := sha256.Sum256(cs.PeerCertificates[0].Raw)
			if !bytes.Equal(got[:], want) {
				return errors.New("hub certificate does not match the pinned fingerprint")
			}
			return nil
		},
	}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		TLSClientConfig:       cfg,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Transport: tr, Timeout: timeout}, nil
}
