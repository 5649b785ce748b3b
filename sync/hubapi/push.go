package hubapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Change is one outbox row sent to the hub: a draft moving from one version
// to the next, with the whole draft as of the new version.
type Change struct {
	// DraftID names the draft on every desk and on the hub: a UUID (the
	// desk makes UUIDv7s) in its canonical lower-case form.
	DraftID string `json:"draft_id"`
	// BaseVersion is the version the desk's edit started from: the hub's
	// version the desk last saw, or 0 for a draft the hub has never seen.
	BaseVersion int64 `json:"base_version"`
	// NewVersion is the version after the edit; greater than BaseVersion.
	// With the desk and the draft id it identifies the change for ever.
	NewVersion int64 `json:"new_version"`
	// Payload is the whole draft as of NewVersion, a JSON object. It holds
	// personal data: the hub stores it and never logs it.
	Payload json.RawMessage `json:"payload"`
	// DeskTime is the desk's clock when the edit was made; kept for people
	// to read, never used to order changes (desk clocks can be hours off).
	DeskTime time.Time `json:"desk_time"`
}

// Validate says why the hub would answer the change StatusInvalid, or nil.
func (c Change) Validate() error {
	id, err := uuid.Parse(c.DraftID)
	if err != nil {
		return fmt.Errorf("draft_id is not a UUID: %w", err)
	}
	if id.String() != c.DraftID {
		return errors.New("draft_id must be a UUID in canonical lower-case form")
	}
	if c.BaseVersion < 0 {
		return errors.New("base_version must not be negative")
	}
	if c.NewVersion <= c.BaseVersion {
		return errors.New("new_version must be greater than base_version")
	}
	if len(c.Payload) > MaxPayloadBytes {
		return fmt.Errorf("payload is over %d bytes", MaxPayloadBytes)
	}
	p := bytes.TrimSpace(c.Payload)
	if len(p) == 0 || p[0] != '{' || !json.Valid(p) {
		return errors.New("payload must be a JSON object")
	}
	return nil
}

// PushRequest is the body of POST /v1/push.
type PushRequest struct {
	// Protocol is the version the desk speaks.
	Protocol string `json:"protocol"`
	// Changes are outbox rows, oldest first; at most MaxBatch. Two changes
	// of one draft in a batch are applied in their order.
	Changes []Change `json:"changes"`
}

// Statuses of a ChangeResult.
const (
	// StatusApplied: the hub took the change; its version of the draft is
	// now NewVersion (a fast-forward, or the first version it saw).
	StatusApplied = "applied"
	// StatusConflict: the hub's version was not BaseVersion. The hub kept
	// its own version and stored the desk's beside it as conflict ConflictID;
	// HubVersion is the hub's version to base a resolution on.
	StatusConflict = "conflict"
	// StatusInvalid: the change can never be applied (Message says why);
	// the desk sets it aside for a person. Not recorded: the same bad row
	// sent again gets the same answer again.
	StatusInvalid = "invalid"
	// StatusDuplicate: this desk sent this draft id and new version before;
	// First holds the hub's first answer, byte for byte.
	StatusDuplicate = "duplicate"
)

// ChangeResult is the hub's answer to one change; Results[i] of a push
// answers Changes[i].
type ChangeResult struct {
	// DraftID repeats the change's draft id (empty if it could not be read).
	DraftID string `json:"draft_id"`
	// NewVersion repeats the change's new version.
	NewVersion int64 `json:"new_version"`
	// Status is one of the Status constants.
	Status string `json:"status"`
	// HubVersion is the hub's version of the draft after this answer.
	HubVersion int64 `json:"hub_version,omitempty"`
	// ConflictID names the stored conflict when Status is StatusConflict.
	ConflictID int64 `json:"conflict_id,omitempty"`
	// Message says why a change is invalid, in plain English without
	// personal data.
	Message string `json:"message,omitempty"`
	// AnsweredAt is the hub's clock when it first answered.
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	// First is the hub's first answer, unchanged, when Status is
	// StatusDuplicate.
	First json.RawMessage `json:"first,omitempty"`
}

// Outcome returns the answer that counts: the first answer for a duplicate,
// the result itself otherwise.
func (r ChangeResult) Outcome() (ChangeResult, error) {
	if r.Status != StatusDuplicate {
		return r, nil
	}
	var first ChangeResult
	if err := json.Unmarshal(r.First, &first); err != nil {
		return ChangeResult{}, fmt.Errorf("read first answer: %w", err)
	}
	return first, nil
}

// PushResponse answers a push.
type PushResponse struct {
	// Protocol is the version the hub speaks.
	Protocol string `json:"protocol"`
	// Results answer the changes one for one, in the same order.
	Results []ChangeResult `json:"results"`
}
