// Package hub is the provincial hub's HTTP server: desks enrol with a
// one-time code, push batches of draft changes, pull the hub-side events of
// their commune, and download the newest guide pack, over the protocol of
// package hubapi.
package hub

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"tiepsuc/sync/hub/hubstore"
	"tiepsuc/sync/hubapi"
)

// Store is what the server needs from the hub's database; *hubstore.DB
// (SQLite or PostgreSQL) is the one in use.
type Store interface {
	// Enrol spends a one-time code and returns the desk and its new token.
	Enrol(ctx context.Context, code string, now time.Time) (hubstore.Desk, string, error)
	// DeskByToken returns the active desk of a token.
	DeskByToken(ctx context.Context, token string) (hubstore.Desk, error)
	// Push applies a batch and returns one JSON answer per change.
	Push(ctx context.Context, desk hubstore.Desk, changes []hubapi.Change,
		now time.Time) ([]json.RawMessage, error)
	// Pull returns the commune's events after a cursor.
	Pull(ctx context.Context, desk hubstore.Desk, cursor int64, limit int) (
		[]hubapi.Event, int64, bool, error)
	// LatestGuidePack returns the newest published guide pack, without its
	// bytes; hubstore.ErrNotFound when there is none.
	LatestGuidePack(ctx context.Context) (hubstore.GuidePack, error)
	// GuidePackZip returns the zip of a published guide pack version.
	GuidePackZip(ctx context.Context, version int) ([]byte, error)
	// Delete removes drafts of the desk's commune and tells its desks.
	Delete(ctx context.Context, desk hubstore.Desk, dels []hubapi.Deletion,
		now time.Time) ([]hubapi.DeletionResult, error)
}

// requestTimeout bounds the work of one request.
const requestTimeout = 30 * time.Second

// Server answers the hub's endpoints.
type Server struct {
	store  Store
	log    *slog.Logger
	now    func() time.Time
	limits *limiter
	routes map[string]route
	blobs  *Blobs // attachments; see WithBlobs (blobs.go)
}

// route is one endpoint: its method, whether it needs a token, the
// largest body it reads, its handler.
type route struct {
	method  string
	auth    bool
	maxBody int64
	fn      handler
}

// New returns a server over store that logs to log (ids only, never
// payloads), with DefaultLimits unless an option says otherwise.
func New(store Store, log *slog.Logger, opts ...Option) *Server {
	s := &Server{store: store, log: log, now: time.Now, limits: newLimiter(DefaultLimits())}
	for _, o := range opts {
		o(s)
	}
	s.routes = map[string]route{
		hubapi.PathInfo:      {http.MethodGet, false, maxNoBody, s.info},
		hubapi.PathEnrol:     {http.MethodPost, false, maxSmallBody, s.limitEnrol(s.enrol)},
		hubapi.PathPush:      {http.MethodPost, true, hubapi.MaxBodyBytes, s.push},
		hubapi.PathPull:      {http.MethodPost, true, maxSmallBody, s.pull},
		hubapi.PathGuidePack: {http.MethodGet, true, maxNoBody, s.guidePack},
		hubapi.PathDelete:    {http.MethodPost, true, maxDeleteBody, s.deleteDrafts},
	}
	return s
}

// ServeHTTP routes a request by path and method.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
	defer cancel()
	r = r.WithContext(ctx)
	reqID := newRequestID()
	w.Header().Set("X-Request-Id", reqID)
	log := s.log.With("req", reqID)
	start := time.Now()

	rt, ok := s.routes[r.URL.Path]
	// A path is logged only when it is an endpoint: any other could be
	// anything a client typed.
	op := "unknown path"
	if ok {
		op = r.URL.Path
	} else if rt, ok = s.blobRoute(r); ok {
		op = blobOp
	}
	err := s.limitAddress(w, r)
	switch {
	case err != nil:
	case !ok && otherVersion(r.URL.Path):
		err = &hubapi.Error{Status: http.StatusBadRequest, Code: hubapi.CodeProtocolUnsupported,
			Message: "this hub speaks protocol " + hubapi.Protocol + " under " + hubapi.PathPrefix}
	case !ok:
		err = &hubapi.Error{Status: http.StatusNotFound, Code: hubapi.CodeNotFound,
			Message: "no such endpoint"}
	case r.Method != rt.method:
		w.Header().Set("Allow", rt.method)
		err = &hubapi.Error{Status: http.StatusMethodNotAllowed,
			Code: hubapi.CodeMethodNotAllowed, Message: "use " + rt.method}
	default:
		var desk hubstore.Desk
		err = limitBody(w, r, rt.maxBody)
		if err == nil && rt.auth {
			desk, err = s.authenticate(r)
		}
		if err == nil && desk.ID != "" {
			log = log.With("desk", desk.ID)
			err = s.limitDesk(w, desk)
		}
		if err == nil {
			err = rt.fn(w, r, log, desk)
		}
	}
	if err != nil {
		s.fail(w, log, op, err)
		return
	}
	log.Debug("request", "op", op, "ms", time.Since(start).Milliseconds())
}

// otherVersion reports whether path starts with a version prefix other
// than this protocol's, such as /v2/.
func otherVersion(path string) bool {
	first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if len(first) < 2 || first[0] != 'v' || "/"+first+"/" == hubapi.PathPrefix {
		return false
	}
	for _, r := range first[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// authenticate finds the desk of the request's bearer token.
func (s *Server) authenticate(r *http.Request) (hubstore.Desk, error) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return hubstore.Desk{}, errUnauthorized
	}
	desk, err := s.store.DeskByToken(r.Context(), strings.TrimSpace(token))
	if errors.Is(err, hubstore.ErrUnauthorized) {
		return hubstore.Desk{}, errUnauthorized
	}
	return desk, err
}

// errUnauthorized answers a missing, unknown or revoked token.
var errUnauthorized = &hubapi.Error{Status: http.StatusUnauthorized,
	Code: hubapi.CodeUnauthorized, Message: "token missing, unknown or revoked; enrol again"}

// fail writes err as an error body; errors that are not *hubapi.Error are
// logged and answered as internal, without their text.
func (s *Server) fail(w http.ResponseWriter, log *slog.Logger, op string, err error) {
	var he *hubapi.Error
	if !errors.As(err, &he) {
		status, code := http.StatusInternalServerError, hubapi.CodeInternal
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			status, code = http.StatusServiceUnavailable, hubapi.CodeUnavailable
		}
		log.Error("request failed", "op", op, "err", err)
		he = &hubapi.Error{Status: status, Code: code,
			Message: "the hub could not answer; nothing was committed; try again later"}
	} else {
		log.Info("request refused", "op", op, "code", he.Code, "status", he.Status)
	}
	if he.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", "Bearer")
	}
	writeJSON(w, he.Status, hubapi.ErrorBody{Protocol: hubapi.Protocol, Error: he})
}

// writeJSON sends v as the JSON body with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"protocol":"` + hubapi.Protocol + `","error":{"code":"internal",` +
			`"message":"encode answer"}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n')) //nolint:errcheck // the desk may be gone; it will resend
}

// newRequestID returns a short random id to find a request in the logs.
func newRequestID() string {
	b := make([]byte, 6)
	rand.Read(b) //nolint:errcheck // crypto/rand.Read never fails since Go 1.24
	return hex.EncodeToString(b)
}
