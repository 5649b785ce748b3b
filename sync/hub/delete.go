package hub

import (
	"log/slog"
	"net/http"

	"tiepsuc/sync/hub/hubstore"
	"tiepsuc/sync/hubapi"
)

// maxDeleteBody bounds the body of a delete request: MaxDeletions
// deletions of about 150 bytes each, with room to spare.
const maxDeleteBody = 256 << 10

// deleteDrafts answers POST /v1/delete: it removes the named drafts of the
// desk's commune and tells the commune's other desks.
func (s *Server) deleteDrafts(w http.ResponseWriter, r *http.Request, log *slog.Logger,
	desk hubstore.Desk) error {
	body, err := readBody(r.Body)
	if err != nil {
		return err
	}
	req, err := DecodeDelete(body)
	if err != nil {
		return err
	}
	results, err := s.store.Delete(r.Context(), desk, req.Deletions, s.now())
	if err != nil {
		return err
	}
	found := 0
	for i, res := range results {
		if res.Found {
			found++
			// Draft ids and reasons are no personal data; the log says who
			// had which draft deleted, for the hub's own records.
			log.Info("draft deleted", "op", "delete", "draft", res.DraftID,
				"reason", req.Deletions[i].Reason)
		}
	}
	log.Info("delete", "op", "delete", "drafts", len(results), "found", found)
	writeJSON(w, http.StatusOK, hubapi.DeleteResponse{Protocol: hubapi.Protocol,
		Results: results})
	return nil
}

// DecodeDelete reads the body of a delete request: a readable JSON object
// of at most hubapi.MaxDeletions deletions. Each deletion is checked by the
// store, which answers a bad one invalid without failing the others.
func DecodeDelete(body []byte) (hubapi.DeleteRequest, error) {
	var req hubapi.DeleteRequest
	if err := decodeEnvelope(body, &req); err != nil {
		return hubapi.DeleteRequest{}, err
	}
	if len(req.Deletions) > hubapi.MaxDeletions {
		return hubapi.DeleteRequest{}, tooLarge("%d deletions; at most %d in one request",
			len(req.Deletions), hubapi.MaxDeletions)
	}
	return req, nil
}
