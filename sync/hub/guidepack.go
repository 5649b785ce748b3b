package hub

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"tiepsuc/sync/hub/hubstore"
	"tiepsuc/sync/hubapi"
)

// guidePackWriteTime is how long a desk has to download a guide pack: the
// hub's usual 60 s would cut a 20 MB pack on a line slower than 3 Mbit/s.
const guidePackWriteTime = 10 * time.Minute

// maxSkipTags is the most entity tags read from If-None-Match.
const maxSkipTags = 16

// GuidePackRequest is a desk's ask for a guide pack, read from the query
// (?have=N) and the If-None-Match header.
type GuidePackRequest struct {
	// Have is the version of the guides the desk uses.
	Have int
	// Skip holds the SHA-256 sums of packs the desk does not want again.
	Skip []string
	// SkipAny is true for "If-None-Match: *": the desk wants no pack body.
	SkipAny bool
}

// DecodeGuidePack reads the query and the If-None-Match header of a guide
// pack request. The query needs exactly one have, a whole number from 0 to
// hubapi.MaxGuidePackVersion; other query fields are left for later minor
// versions. Entity tags that are not a quoted SHA-256 are passed over.
func DecodeGuidePack(rawQuery, ifNoneMatch string) (GuidePackRequest, error) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return GuidePackRequest{}, badRequest("query is not readable")
	}
	vals := q["have"]
	switch {
	case len(vals) == 0:
		return GuidePackRequest{}, badRequest(
			"have missing: ask ?have=N with N the version of the guides in use")
	case len(vals) > 1:
		return GuidePackRequest{}, badRequest("have given %d times", len(vals))
	}
	have, ok := parseHave(vals[0])
	if !ok {
		return GuidePackRequest{}, badRequest("have must be a whole number from 0 to %d",
			hubapi.MaxGuidePackVersion)
	}

	req := GuidePackRequest{Have: have}
	for i, tag := range strings.Split(ifNoneMatch, ",") {
		if i == maxSkipTags {
			break
		}
		tag = strings.TrimSpace(tag)
		if tag == "*" {
			req.SkipAny = true
			continue
		}
		tag = strings.TrimPrefix(tag, "W/")
		if len(tag) >= 2 && tag[0] == '"' && tag[len(tag)-1] == '"' &&
			hubapi.IsSHA256(tag[1:len(tag)-1]) {
			req.Skip = append(req.Skip, tag[1:len(tag)-1])
		}
	}
	return req, nil
}

// parseHave reads a version of 1 to 10 decimal digits, without sign.
func parseHave(s string) (int, bool) {
	if s == "" || len(s) > 10 {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > hubapi.MaxGuidePackVersion {
		return 0, false
	}
	return int(n), true
}

// guidePack answers GET /v1/guides/pack: 204 when the hub has no pack newer
// than the desk's, 304 when the newest is one the desk skips, else 200 with
// the zip. Packs are for the whole province, so any enrolled desk gets them.
func (s *Server) guidePack(w http.ResponseWriter, r *http.Request, log *slog.Logger,
	_ hubstore.Desk) error {
	req, err := DecodeGuidePack(r.URL.RawQuery, r.Header.Get("If-None-Match"))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	gp, err := s.store.LatestGuidePack(r.Context())
	switch {
	case errors.Is(err, hubstore.ErrNotFound):
		w.WriteHeader(http.StatusNoContent)
		return nil
	case err != nil:
		return err
	case gp.Version <= req.Have:
		w.WriteHeader(http.StatusNoContent)
		return nil
	}

	if req.SkipAny || slices.Contains(req.Skip, gp.SHA256) {
		h.Set("ETag", hubapi.ETag(gp.SHA256))
		w.WriteHeader(http.StatusNotModified)
		log.Info("guide pack skipped by the desk", "op", "guides", "version", gp.Version)
		return nil
	}
	zip, err := s.store.GuidePackZip(r.Context(), gp.Version)
	if err != nil {
		return err
	}
	h.Set("ETag", hubapi.ETag(gp.SHA256))
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Length", strconv.Itoa(len(zip)))
	h.Set(hubapi.HeaderGuidePackVersion, strconv.Itoa(gp.Version))
	h.Set(hubapi.HeaderGuidePackSHA256, gp.SHA256)
	// Not every ResponseWriter can move its deadline; the usual one then holds.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(guidePackWriteTime))
	w.WriteHeader(http.StatusOK)
	n, err := w.Write(zip)
	if err != nil {
		// The status is sent; the desk sees a short body and asks again later.
		log.Warn("guide pack cut short", "op", "guides", "version", gp.Version, "bytes", n,
			"err", err)
		return nil
	}
	log.Info("guide pack sent", "op", "guides", "version", gp.Version, "have", req.Have,
		"bytes", n)
	return nil
}
