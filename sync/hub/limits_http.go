package hub

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"tiepsuc/sync/hub/hubstore"
	"tiepsuc/sync/hubapi"
)

// Request body limits by endpoint: the JSON of an enrolment or a pull is a
// few dozen bytes; only a push carries drafts.
const (
	// maxSmallBody bounds the body of enrol and pull.
	maxSmallBody = 4 << 10
	// maxNoBody bounds the body of the GET endpoints, which read none.
	maxNoBody = 1 << 10
)

// Option changes how New sets a server up.
type Option func(*Server)

// WithLimits replaces DefaultLimits; a zero Limits turns every limit off.
func WithLimits(l Limits) Option {
	return func(s *Server) { s.limits = newLimiter(l) }
}

// limiter holds the buckets of a server's Limits.
type limiter struct {
	exempt                     []netip.Prefix
	address, desk              *buckets
	enrolAddress, enrolHubWide *buckets
}

// newLimiter makes the buckets of l.
func newLimiter(l Limits) *limiter {
	return &limiter{exempt: l.Exempt, address: newBuckets(l.PerAddress),
		desk: newBuckets(l.PerDesk), enrolAddress: newBuckets(l.EnrolPerAddress),
		enrolHubWide: newBuckets(l.EnrolHubWide)}
}

// tooMany makes the 429 answer of a limited request and sets its
// Retry-After header.
func tooMany(w http.ResponseWriter, wait time.Duration, what string) *hubapi.Error {
	secs := retryAfter(wait)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	return &hubapi.Error{Status: http.StatusTooManyRequests, Code: hubapi.CodeUnavailable,
		Message: fmt.Sprintf("%s; try again in %d s", what, secs)}
}

// limitAddress spends a request of the client's address; it runs before
// anything else of the request is read.
func (s *Server) limitAddress(w http.ResponseWriter, r *http.Request) error {
	key := AddressKey(r.RemoteAddr, s.limits.exempt)
	if key == "" {
		return nil
	}
	if ok, wait := s.limits.address.take(key, s.now()); !ok {
		return tooMany(w, wait, "too many requests from this address")
	}
	return nil
}

// limitDesk spends a request of an authenticated desk.
func (s *Server) limitDesk(w http.ResponseWriter, desk hubstore.Desk) error {
	if ok, wait := s.limits.desk.take(desk.ID, s.now()); !ok {
		return tooMany(w, wait, "too many requests from this desk")
	}
	return nil
}

// limitBody refuses a body announced over the route's limit before reading
// it, and stops reading one that grows past it.
func limitBody(w http.ResponseWriter, r *http.Request, max int64) error {
	if r.ContentLength > max {
		return tooLarge("body over %d bytes", max)
	}
	r.Body = http.MaxBytesReader(w, r.Body, max)
	return nil
}

// handler is the signature of an endpoint's function.
type handler = func(http.ResponseWriter, *http.Request, *slog.Logger, hubstore.Desk) error

// limitEnrol wraps the enrol endpoint: an attempt spends a token of its
// address and one of the hub before the code is looked up, so parallel
// guesses are counted too, and gets both back unless the code was wrong.
func (s *Server) limitEnrol(enrol handler) handler {
	return func(w http.ResponseWriter, r *http.Request, log *slog.Logger,
		desk hubstore.Desk) error {
		l, now := s.limits, s.now()
		key := AddressKey(r.RemoteAddr, l.exempt)
		if key != "" {
			if ok, wait := l.enrolAddress.take(key, now); !ok {
				return tooMany(w, wait, "too many wrong enrolment codes from this address")
			}
		}
		if ok, wait := l.enrolHubWide.take("", now); !ok {
			if key != "" {
				l.enrolAddress.giveBack(key, now)
			}
			return tooMany(w, wait, "too many wrong enrolment codes")
		}

		err := enrol(w, r, log, desk)
		var he *hubapi.Error
		if errors.As(err, &he) && he.Code == hubapi.CodeEnrolRejected {
			return err
		}
		now = s.now()
		l.enrolHubWide.giveBack("", now)
		if key != "" {
			l.enrolAddress.giveBack(key, now)
		}
		return err
	}
}
