package hubapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// Headers of a guide pack answer (GET /v1/guides/pack, status 200).
const (
	// HeaderGuidePackVersion carries the pack's version, a decimal number.
	HeaderGuidePackVersion = "X-Guide-Pack-Version"
	// HeaderGuidePackSHA256 carries the lower-case hex SHA-256 of the zip.
	HeaderGuidePackSHA256 = "X-Guide-Pack-Sha256"
)

// ErrPackDamaged is wrapped by GuidePack's error when the zip that arrived
// is not the one the hub sent: its SHA-256 differs from the hub's header.
var ErrPackDamaged = errors.New("guide pack damaged on the way: its SHA-256 does not match")

// sha256Hex matches a lower-case hex SHA-256.
var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// IsSHA256 reports whether s is a SHA-256 written as 64 lower-case hex digits.
func IsSHA256(s string) bool {
	return sha256Hex.MatchString(s)
}

// ETag is the entity tag the hub sends with the guide pack whose SHA-256 is
// sum, and that a desk sends back in If-None-Match to skip that pack.
func ETag(sum string) string {
	return `"` + sum + `"`
}

// GuidePackOffer is the hub's answer to a desk asking for a newer guide pack.
type GuidePackOffer struct {
	// Newer is true when Version, SHA256 and Zip hold a pack newer than the
	// desk's guides; Zip was checked against SHA256.
	Newer bool
	// Skipped is true when the hub's newest pack is newer than the desk's
	// guides but is the one the desk asked to skip (HTTP 304).
	Skipped bool
	// Version is the pack's version.
	Version int
	// SHA256 is the lower-case hex SHA-256 of Zip.
	SHA256 string
	// Zip is the pack as a zip file, for guides.InstallPackZip.
	Zip []byte
}

// GuidePack asks the hub for a guide pack newer than have, the version of
// the guides the desk uses. The hub answers with nothing newer, with the
// pack, or, when skip is the SHA-256 of its newest pack (one the desk
// refused before), with Skipped. A pack whose bytes do not match the SHA-256
// the hub sent gives an error wrapping ErrPackDamaged.
func (c *Client) GuidePack(ctx context.Context, have int, skip string) (GuidePackOffer,
	error) {
	const op = "guide pack"
	url := strings.TrimSuffix(c.BaseURL, "/") + PathGuidePack + "?have=" + strconv.Itoa(have)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return GuidePackOffer{}, fmt.Errorf("%s: %w", op, err)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if skip != "" {
		req.Header.Set("If-None-Match", ETag(skip))
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return GuidePackOffer{}, fmt.Errorf("%s: %w", op, err)
	}
	defer resp.Body.Close()

	switch resp.StatusCode {
	case http.StatusNoContent:
		return GuidePackOffer{}, nil
	case http.StatusNotModified:
		return GuidePackOffer{Skipped: true}, nil
	case http.StatusOK:
	default:
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		return GuidePackOffer{}, fmt.Errorf("%s: %w", op, errorFrom(resp.StatusCode, resp.Header, data))
	}
	offer, err := readGuidePack(resp, have)
	if err != nil {
		return GuidePackOffer{}, fmt.Errorf("%s: %w", op, err)
	}
	return offer, nil
}

// readGuidePack reads a 200 answer: the headers, then the zip through the
// size limit, then checks the zip against the SHA-256 header.
func readGuidePack(resp *http.Response, have int) (GuidePackOffer, error) {
	version, err := strconv.Atoi(resp.Header.Get(HeaderGuidePackVersion))
	if err != nil || version <= have || version > MaxGuidePackVersion {
		return GuidePackOffer{}, fmt.Errorf("hub sent version %q for a desk at %d",
			clip(resp.Header.Get(HeaderGuidePackVersion)), have)
	}
	sum := resp.Header.Get(HeaderGuidePackSHA256)
	if !IsSHA256(sum) {
		return GuidePackOffer{}, fmt.Errorf("hub sent SHA-256 %q", clip(sum))
	}
	if resp.ContentLength > MaxGuidePackBytes {
		return GuidePackOffer{}, fmt.Errorf("pack is %d bytes, at most %d",
			resp.ContentLength, MaxGuidePackBytes)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxGuidePackBytes+1))
	if err != nil {
		return GuidePackOffer{}, fmt.Errorf("read pack: %w", err)
	}
	if len(data) > MaxGuidePackBytes {
		return GuidePackOffer{}, fmt.Errorf("pack is over %d bytes", MaxGuidePackBytes)
	}
	got := sha256.Sum256(data)
	if hex.EncodeToString(got[:]) != sum {
		return GuidePackOffer{}, fmt.Errorf("version %d, %d bytes: %w", version, len(data),
			ErrPackDamaged)
	}
	return GuidePackOffer{Newer: true, Version: version, SHA256: sum, Zip: data}, nil
}

// httpClient is the client's HTTP client, or http.DefaultClient.
func (c *Client) httpClient() *http.Client {
	if c.HTTP == nil {
		return http.DefaultClient
	}
	return c.HTTP
}
