package hubapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
)

// PathDelete asks the hub to delete drafts of the desk's commune, every
// version and every trace of them; added in protocol 1.1.
const PathDelete = PathPrefix + "delete"

// MaxDeletions is the most drafts one delete request names.
const MaxDeletions = 500

// Reasons a desk gives for a deletion. A hub keeps any reason that is a
// short key (see Deletion.Validate), so a newer desk may add some.
const (
	// ReasonRequest: the citizen asked for the draft to be deleted.
	ReasonRequest = "request"
	// ReasonMistake: the session was started by mistake, e.g. twice.
	ReasonMistake = "mistake"
	// ReasonConsentWithdrawn: the citizen withdrew consent to send the
	// draft to the hub (or to keep details at all); the hub's copy goes.
	ReasonConsentWithdrawn = "consent_withdrawn"
)

// maxReasonLen bounds a deletion reason.
const maxReasonLen = 40

// Deletion asks the hub to delete one draft. It carries no personal data.
type Deletion struct {
	// DraftID names the draft: a UUID in canonical lower-case form.
	DraftID string `json:"draft_id"`
	// Reason is one of the Reason constants, or another short key.
	Reason string `json:"reason"`
	// DeskTime is the desk's clock when the draft was deleted there; for
	// people, never used to order.
	DeskTime time.Time `json:"desk_time,omitzero"`
}

// Validate says why the hub would answer the deletion StatusInvalid, or nil.
func (d Deletion) Validate() error {
	id, err := uuid.Parse(d.DraftID)
	if err != nil || id.String() != d.DraftID {
		return errors.New("draft_id must be a UUID in canonical lower-case form")
	}
	if !reasonKey(d.Reason) {
		return fmt.Errorf("reason must be 1 to %d lower-case letters and underscores",
			maxReasonLen)
	}
	return nil
}

// reasonKey reports whether s is 1 to maxReasonLen letters a-z and '_'.
func reasonKey(s string) bool {
	if s == "" || len(s) > maxReasonLen {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '_' {
			return false
		}
	}
	return true
}

// DeleteRequest is the body of POST /v1/delete.
type DeleteRequest struct {
	// Protocol is the version the desk speaks.
	Protocol string `json:"protocol"`
	// Deletions name the drafts to delete; at most MaxDeletions.
	Deletions []Deletion `json:"deletions"`
}

// StatusDeleted answers a deletion: the hub holds nothing of the draft in
// the desk's commune any more, and refuses later pushes of it.
const StatusDeleted = "deleted"

// DeletionResult is the hub's answer to one deletion; Results[i] of a
// delete answers Deletions[i].
type DeletionResult struct {
	// DraftID repeats the deletion's draft id.
	DraftID string `json:"draft_id"`
	// Status is StatusDeleted or StatusInvalid.
	Status string `json:"status"`
	// Found is true when the hub held something of the draft in the desk's
	// commune and removed it now; false for a draft it never had or had
	// deleted before. Both are final.
	Found bool `json:"found,omitempty"`
	// Message says why a deletion is invalid.
	Message string `json:"message,omitempty"`
	// AnsweredAt is the hub's clock at the answer.
	AnsweredAt time.Time `json:"answered_at,omitzero"`
}

// DeleteResponse answers a delete request.
type DeleteResponse struct {
	// Protocol is the version the hub speaks.
	Protocol string `json:"protocol"`
	// Results answer the deletions one for one, in the same order.
	Results []DeletionResult `json:"results"`
}

// DraftDeleted is the body of a KindDeleted event: the draft and all its
// versions are gone from the hub, and desks delete their copies.
type DraftDeleted struct {
	// DeskID is the desk that asked for the deletion.
	DeskID string `json:"desk_id"`
	// Reason is the reason that desk gave.
	Reason string `json:"reason"`
}

// Delete asks the hub to delete drafts. Deleting is idempotent: a request
// whose answer was lost is simply sent again. A hub older than protocol 1.1
// answers with an *Error of code CodeNotFound (see DeleteUnsupported).
func (c *Client) Delete(ctx context.Context, dels []Deletion) (DeleteResponse, error) {
	var resp DeleteResponse
	err := c.do(ctx, http.MethodPost, PathDelete,
		DeleteRequest{Protocol: Protocol, Deletions: dels}, &resp)
	if err == nil && len(resp.Results) != len(dels) {
		err = fmt.Errorf("delete: hub answered %d of %d deletions", len(resp.Results),
			len(dels))
	}
	return resp, err
}

// DeleteUnsupported reports whether err is the answer of a hub that does
// not know PathDelete yet (protocol 1.0).
func DeleteUnsupported(err error) bool {
	var he *Error
	return errors.As(err, &he) && he.Status == http.StatusNotFound &&
		he.Code == CodeNotFound
}
