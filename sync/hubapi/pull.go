package hubapi

import (
	"encoding/json"
	"time"
)

// PullRequest is the body of POST /v1/pull.
type PullRequest struct {
	// Protocol is the version the desk speaks.
	Protocol string `json:"protocol"`
	// Cursor is the NextCursor of the desk's last pull, or 0 the first time.
	Cursor int64 `json:"cursor"`
	// Limit is the most events wanted, 1 to MaxPullLimit; 0 means
	// DefaultPullLimit.
	Limit int `json:"limit,omitempty"`
}

// PullResponse answers a pull.
type PullResponse struct {
	// Protocol is the version the hub speaks.
	Protocol string `json:"protocol"`
	// Events are the hub-side changes for the desk's commune after Cursor,
	// oldest first.
	Events []Event `json:"events"`
	// NextCursor is the cursor for the next pull; keep it once the events
	// are stored. It never goes back, and equals Cursor when nothing is new.
	NextCursor int64 `json:"next_cursor"`
	// More is true when more events wait: pull again at once.
	More bool `json:"more"`
}

// Kinds of Event.
const (
	// KindDraft: another desk of the commune pushed a version of a draft,
	// so this desk can open it (a hand-off). Draft is set.
	KindDraft = "draft"
	// KindStatus: the dossier of a draft changed status at the province.
	// Status is set.
	KindStatus = "status"
	// KindConflict: a push of a draft of the commune conflicted; both
	// versions are kept. Conflict is set.
	KindConflict = "conflict"
	// KindGuidePack: a new guide pack is published. GuidePack is set.
	KindGuidePack = "guide_pack"
	// KindDeleted: a desk of the commune had a draft deleted (protocol
	// 1.1); the hub holds nothing of it any more and every desk deletes its
	// copy. Deleted is set.
	KindDeleted = "deleted"
)

// Event is one hub-side change. Cursors are sequence numbers: Seq grows
// with every event the hub records, and a pull returns events in Seq order.
type Event struct {
	// Seq is the event's place in the hub's sequence.
	Seq int64 `json:"seq"`
	// Kind is one of the Kind constants and says which field below is set.
	Kind string `json:"kind"`
	// At is the hub's clock when the event was recorded.
	At time.Time `json:"at"`
	// DraftID names the draft the event is about; empty for a guide pack.
	DraftID string `json:"draft_id,omitempty"`
	// Draft is set for KindDraft.
	Draft *DraftVersion `json:"draft,omitempty"`
	// Status is set for KindStatus.
	Status *StatusChange `json:"status,omitempty"`
	// Conflict is set for KindConflict.
	Conflict *Conflict `json:"conflict,omitempty"`
	// GuidePack is set for KindGuidePack.
	GuidePack *GuidePack `json:"guide_pack,omitempty"`
	// Deleted is set for KindDeleted.
	Deleted *DraftDeleted `json:"deleted,omitempty"`
}

// DraftVersion is a version of a draft as the hub took it.
type DraftVersion struct {
	// Version is the hub's version of the draft.
	Version int64 `json:"version"`
	// DeskID is the desk that pushed it.
	DeskID string `json:"desk_id"`
	// Payload is the whole draft, as the desk pushed it.
	Payload json.RawMessage `json:"payload"`
}

// Dossier statuses a StatusChange carries, after the mails and the
// province's one-stop system (tiếp nhận, bổ sung, từ chối, có kết quả, trả
// kết quả, đã thanh toán).
const (
	DossierReceived   = "received"
	DossierSupplement = "supplement_requested"
	DossierRejected   = "rejected"
	DossierResult     = "result_ready"
	DossierReturned   = "returned"
	DossierPaid       = "paid"
)

// DossierStatuses lists every dossier status, in the order a dossier
// usually goes through them.
var DossierStatuses = []string{DossierReceived, DossierSupplement, DossierPaid,
	DossierResult, DossierReturned, DossierRejected}

// StatusChange is a new status of a draft's dossier.
type StatusChange struct {
	// Status is one of the Dossier constants.
	Status string `json:"status"`
	// DossierCode is the portal's dossier code (mã hồ sơ), when known.
	DossierCode string `json:"dossier_code,omitempty"`
	// Note is a short remark from the province, without personal data.
	Note string `json:"note,omitempty"`
}

// Conflict is a push whose base was not the hub's version. Both versions
// are kept; a person chooses.
type Conflict struct {
	// ID names the conflict.
	ID int64 `json:"id"`
	// DeskID is the desk whose push conflicted.
	DeskID string `json:"desk_id"`
	// BaseVersion and NewVersion are those of the conflicting change.
	BaseVersion int64 `json:"base_version"`
	NewVersion  int64 `json:"new_version"`
	// HubVersion is the hub's version at the time; a resolution is pushed
	// with this as its base.
	HubVersion int64 `json:"hub_version"`
	// HubPayload is the hub's version of the draft.
	HubPayload json.RawMessage `json:"hub_payload"`
	// DeskPayload is the desk's conflicting version.
	DeskPayload json.RawMessage `json:"desk_payload"`
}

// GuidePack announces a guide pack a desk can download and check; desks
// fetch it with Client.GuidePack.
type GuidePack struct {
	// Version is the pack's version, a whole number written as a string,
	// e.g. "7".
	Version string `json:"version"`
	// URL is where the pack is served: PathGuidePack, relative to the hub.
	URL string `json:"url"`
	// SHA256 is the hex SHA-256 of the pack file.
	SHA256 string `json:"sha256"`
}
