package hub

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"tiepsuc/sync/hub/hubstore"
	"tiepsuc/sync/hubapi"
)

// BlobScope is what the hub's database tells about blobs; *hubstore.DB
// has it. Without it the hub takes uploads but lets no blob be fetched.
type BlobScope interface {
	// CommuneHasBlob reports whether a draft of commune lists the blob.
	CommuneHasBlob(ctx context.Context, commune, sha string) (bool, error)
}

// WithBlobs makes the server keep attachments in b and answer the blob
// endpoints; without it they answer 404, as a hub of an older release does.
func WithBlobs(b *Blobs) Option {
	return func(s *Server) { s.blobs = b }
}

// blobMethods are the methods of a blob path, for an Allow header.
const blobMethods = "GET, HEAD, PUT"

// blobRoute returns the route of a blob path for the request's method; ok
// is false when the path is not a blob's or the hub keeps no blobs.
func (s *Server) blobRoute(r *http.Request) (route, bool) {
	if _, ok := hubapi.ParseBlobPath(r.URL.Path); !ok || s.blobs == nil {
		return route{}, false
	}
	switch r.Method {
	case http.MethodHead:
		return route{http.MethodHead, true, maxNoBody, s.blobState}, true
	case http.MethodPut:
		return route{http.MethodPut, true, hubapi.BlobChunkBytes, s.putBlob}, true
	case http.MethodGet:
		return route{http.MethodGet, true, maxNoBody, s.getBlob}, true
	}
	return route{method: blobMethods}, true
}

// blobOp names the blob endpoints in logs, without the SHA-256.
const blobOp = hubapi.PathBlobs

// setBlobState writes a blob's state into an answer's headers.
func setBlobState(w http.ResponseWriter, st hubapi.BlobState) {
	w.Header().Set(hubapi.HeaderUploadOffset, strconv.FormatInt(st.Offset, 10))
	complete := "0"
	if st.Complete {
		complete = "1"
	}
	w.Header().Set(hubapi.HeaderUploadComplete, complete)
	w.Header().Set("Cache-Control", "no-store")
}

// blobState answers HEAD /v1/blobs/{sha256}: how much of it the hub has.
// Any desk may ask, for a blob it is about to list in a draft.
func (s *Server) blobState(w http.ResponseWriter, r *http.Request, _ *slog.Logger,
	_ hubstore.Desk) error {
	sha, _ := hubapi.ParseBlobPath(r.URL.Path)
	st, err := s.blobs.State(sha)
	if err != nil {
		return err
	}
	setBlobState(w, st)
	w.WriteHeader(http.StatusOK)
	return nil
}

// putBlob answers PUT /v1/blobs/{sha256}: it appends the chunk when it
// starts where the hub's copy ends. Any desk may send any blob: the bytes
// must match the SHA-256 to be kept, so no desk can change another's.
func (s *Server) putBlob(w http.ResponseWriter, r *http.Request, log *slog.Logger,
	_ hubstore.Desk) error {
	sha, _ := hubapi.ParseBlobPath(r.URL.Path)
	size, ok := hubapi.ParseBlobNumber(r.Header.Get(hubapi.HeaderUploadLength), 1<<62)
	if !ok || size == 0 {
		return badRequest("%s must be a whole number of bytes above 0",
			hubapi.HeaderUploadLength)
	}
	if size > s.blobs.Limit() {
		return tooLarge("file of %d bytes, over the hub's limit of %d", size, s.blobs.Limit())
	}
	offset, ok := hubapi.ParseBlobNumber(r.Header.Get(hubapi.HeaderUploadOffset), size)
	if !ok {
		return badRequest("%s must be a whole number of bytes from 0 to %s",
			hubapi.HeaderUploadOffset, hubapi.HeaderUploadLength)
	}

	st, err := s.blobs.Append(r.Context(), sha, size, offset, r.Body)
	var mbe *http.MaxBytesError
	switch {
	case errors.Is(err, errBlobBusy), errors.Is(err, errBlobOffset):
		setBlobState(w, st)
		return &hubapi.Error{Status: http.StatusConflict, Code: hubapi.CodeOffsetMismatch,
			Message: "the hub has " + strconv.FormatInt(st.Offset, 10) +
				" bytes of this file; send from there"}
	case errors.Is(err, errBlobChecksum):
		log.Warn("blob checksum mismatch", "op", "blob", "blob", sha[:12])
		return &hubapi.Error{Status: http.StatusUnprocessableEntity,
			Code: hubapi.CodeChecksumMismatch, Message: "the file that arrived does not match" +
				" its SHA-256; the hub dropped it; check the desk's copy and send it again"}
	case errors.As(err, &mbe):
		setBlobState(w, st)
		return tooLarge("chunk over %d bytes; the first %d were kept", mbe.Limit, mbe.Limit)
	case errors.Is(err, errBlobOverrun):
		setBlobState(w, st)
		return badRequest("chunk runs past %s", hubapi.HeaderUploadLength)
	case err != nil:
		return err
	}

	setBlobState(w, st)
	if !st.Complete {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	log.Info("blob complete", "op", "blob", "blob", sha[:12], "bytes", size)
	writeJSON(w, http.StatusOK, hubapi.BlobReceipt{Protocol: hubapi.Protocol, SHA256: sha,
		Size: st.Offset})
	return nil
}

// errNoBlob answers a blob that is not whole at the hub, or that no draft
// of the desk's commune lists: the same answer, so a desk cannot tell
// another commune's files from missing ones.
var errNoBlob = &hubapi.Error{Status: http.StatusNotFound, Code: hubapi.CodeNotFound,
	Message: "no such file for this desk's commune"}

// getBlob answers GET /v1/blobs/{sha256}, with Range for a piece of it,
// to a desk whose commune has a draft that lists the blob.
func (s *Server) getBlob(w http.ResponseWriter, r *http.Request, _ *slog.Logger,
	desk hubstore.Desk) error {
	sha, _ := hubapi.ParseBlobPath(r.URL.Path)
	scope, ok := s.store.(BlobScope)
	if !ok {
		return errNoBlob
	}
	listed, err := scope.CommuneHasBlob(r.Context(), desk.Commune, sha)
	if err != nil {
		return err
	}
	if !listed {
		return errNoBlob
	}
	f, err := s.blobs.Open(sha)
	if errors.Is(err, fs.ErrNotExist) {
		return errNoBlob
	}
	if err != nil {
		return err
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("ETag", hubapi.ETag(sha))
	http.ServeContent(w, r, "", time.Time{}, f)
	return nil
}
