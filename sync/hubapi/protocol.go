// Package hubapi holds the wire types of the Tiếp Sức sync protocol, version
// 1, between a desk and its provincial hub, and a small typed client for them.
//
// Every request and response body is a JSON object carrying a "protocol"
// field ("MAJOR.MINOR"), but for the zip of a guide pack; every path starts
// with the major version (/v1/).
// A hub answers a major version it does not speak with CodeProtocolUnsupported.
// docs/sync-protocol.md describes the protocol in prose.
package hubapi

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Protocol is the version a desk and a hub of this build speak: major 1,
// minor 1. A new minor only adds optional fields, endpoints and event
// kinds; a new major changes paths. Minor 1 added deletions (PathDelete,
// KindDeleted).
const Protocol = "1.1"

// ProtocolMajor is the major version of Protocol, also the path prefix /v1/.
const ProtocolMajor = 1

// PathPrefix is the start of every path of this protocol version.
const PathPrefix = "/v1/"

// Paths of the endpoints, relative to the hub's base URL.
const (
	// PathInfo answers who the hub is and which protocol it speaks; no token.
	PathInfo = PathPrefix + "info"
	// PathEnrol exchanges a one-time enrolment code for a desk token.
	PathEnrol = PathPrefix + "enrol"
	// PathPush sends a batch of draft changes from the desk's outbox.
	PathPush = PathPrefix + "push"
	// PathPull fetches hub-side events after a cursor.
	PathPull = PathPrefix + "pull"
	// PathGuidePack serves the newest guide pack, as a zip, to a desk whose
	// guides are older.
	PathGuidePack = PathPrefix + "guides/pack"
)

// Limits the hub enforces; a desk should stay under them.
const (
	// MaxBodyBytes is the largest request body the hub reads.
	MaxBodyBytes = 8 << 20
	// MaxBatch is the largest number of changes in one push.
	MaxBatch = 500
	// MaxPayloadBytes is the largest payload of one change.
	MaxPayloadBytes = 256 << 10
	// DefaultPullLimit is the number of events a pull returns when the desk
	// does not say.
	DefaultPullLimit = 200
	// MaxPullLimit is the most events one pull returns.
	MaxPullLimit = 1000
	// MaxGuidePackBytes is the largest guide pack zip a hub publishes and a
	// desk downloads. The guides of this repository zip to about 125 KB.
	MaxGuidePackBytes = 20 << 20
	// MaxGuidePackVersion is the highest guide pack version, as package
	// guides accepts it in pack.json.
	MaxGuidePackVersion = 1<<31 - 1
)

// ParseProtocol splits a "MAJOR.MINOR" version into its numbers.
func ParseProtocol(s string) (major, minor int, err error) {
	maj, min, ok := strings.Cut(s, ".")
	if !ok {
		return 0, 0, fmt.Errorf("protocol %q: want MAJOR.MINOR", clip(s))
	}
	major, err = parseVersionNumber(maj)
	if err != nil {
		return 0, 0, fmt.Errorf("protocol %q: major: %w", clip(s), err)
	}
	minor, err = parseVersionNumber(min)
	if err != nil {
		return 0, 0, fmt.Errorf("protocol %q: minor: %w", clip(s), err)
	}
	return major, minor, nil
}

// parseVersionNumber reads a small decimal number without sign or padding.
func parseVersionNumber(s string) (int, error) {
	if s == "" || len(s) > 4 || (len(s) > 1 && s[0] == '0') {
		return 0, errors.New("not a version number")
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, errors.New("not a version number")
		}
	}
	return strconv.Atoi(s)
}

// CheckProtocol returns nil when s is a version this build speaks (any minor
// of ProtocolMajor), or an *Error saying which version the hub speaks.
func CheckProtocol(s string) error {
	if s == "" {
		return &Error{Status: 400, Code: CodeProtocolUnsupported,
			Message: "protocol field missing; this hub speaks " + Protocol}
	}
	major, _, err := ParseProtocol(s)
	if err != nil {
		return &Error{Status: 400, Code: CodeProtocolUnsupported, Message: err.Error()}
	}
	if major != ProtocolMajor {
		return &Error{Status: 400, Code: CodeProtocolUnsupported, Message: fmt.Sprintf(
			"protocol %d is not spoken here; this hub speaks %s", major, Protocol)}
	}
	return nil
}

// clip shortens text quoted back in an error message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
