package hub

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"tiepsuc/sync/hub/hubstore"
	"tiepsuc/sync/hubapi"
)

// info answers GET /v1/info.
func (s *Server) info(w http.ResponseWriter, _ *http.Request, _ *slog.Logger,
	_ hubstore.Desk) error {
	writeJSON(w, http.StatusOK, hubapi.InfoResponse{Protocol: hubapi.Protocol,
		Hub: "tiepsuc-hub", HubTime: s.now().UTC()})
	return nil
}

// enrol answers POST /v1/enrol.
func (s *Server) enrol(w http.ResponseWriter, r *http.Request, log *slog.Logger,
	_ hubstore.Desk) error {
	body, err := readBody(r.Body)
	if err != nil {
		return err
	}
	req, err := DecodeEnrol(body)
	if err != nil {
		return err
	}
	desk, token, err := s.store.Enrol(r.Context(), req.Code, s.now())
	if errors.Is(err, hubstore.ErrEnrolRejected) {
		log.Warn("enrolment refused", "op", "enrol", "err", err)
		return &hubapi.Error{Status: http.StatusForbidden, Code: hubapi.CodeEnrolRejected,
			Message: "enrolment code unknown, already used or expired; ask the hub admin for" +
				" a new one"}
	}
	if err != nil {
		return err
	}
	log.Info("desk enrolled", "op", "enrol", "desk", desk.ID)
	writeJSON(w, http.StatusOK, hubapi.EnrolResponse{Protocol: hubapi.Protocol,
		DeskID: desk.ID, DeskName: desk.Name, Commune: desk.Commune, Token: token})
	return nil
}

// pushReply is a push response with each answer kept as the stored bytes.
type pushReply struct {
	Protocol string            `json:"protocol"`
	Results  []json.RawMessage `json:"results"`
}

// push answers POST /v1/push.
func (s *Server) push(w http.ResponseWriter, r *http.Request, log *slog.Logger,
	desk hubstore.Desk) error {
	body, err := readBody(r.Body)
	if err != nil {
		return err
	}
	decoded, err := DecodePush(body)
	if err != nil {
		return err
	}

	// Unreadable changes are answered here; the rest go to the store in order.
	results := make([]json.RawMessage, len(decoded))
	var (
		changes []hubapi.Change
		at      []int
	)
	for i, d := range decoded {
		if d.Problem != "" {
			results[i], err = json.Marshal(hubapi.ChangeResult{DraftID: d.Change.DraftID,
				Status: hubapi.StatusInvalid, Message: d.Problem})
			if err != nil {
				return err
			}
			continue
		}
		changes = append(changes, d.Change)
		at = append(at, i)
	}
	answers, err := s.store.Push(r.Context(), desk, changes, s.now())
	if err != nil {
		return err
	}
	for j, a := range answers {
		results[at[j]] = a
	}

	log.Info("push", "op", "push", "changes", len(decoded), "tally", tally(results))
	writeJSON(w, http.StatusOK, pushReply{Protocol: hubapi.Protocol, Results: results})
	return nil
}

// tally counts answers by status, for the log.
func tally(results []json.RawMessage) map[string]int {
	n := map[string]int{}
	for _, r := range results {
		var st struct {
			Status string `json:"status"`
		}
		json.Unmarshal(r, &st) //nolint:errcheck // for the log only
		n[st.Status]++
	}
	return n
}

// pull answers POST /v1/pull.
func (s *Server) pull(w http.ResponseWriter, r *http.Request, log *slog.Logger,
	desk hubstore.Desk) error {
	body, err := readBody(r.Body)
	if err != nil {
		return err
	}
	req, err := DecodePull(body)
	if err != nil {
		return err
	}
	events, next, more, err := s.store.Pull(r.Context(), desk, req.Cursor, req.Limit)
	if err != nil {
		return err
	}
	log.Debug("pull", "op", "pull", "cursor", req.Cursor, "next", next, "events", len(events))
	writeJSON(w, http.StatusOK, hubapi.PullResponse{Protocol: hubapi.Protocol,
		Events: events, NextCursor: next, More: more})
	return nil
}
