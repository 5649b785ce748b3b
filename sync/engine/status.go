package engine

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"strings"
	"time"

	"tiepsuc/internal/store"
	"tiepsuc/sync/hubapi"
)

// Status is what the desk home shows about sync; the engine sends a new one
// to subscribers whenever it changes.
type Status struct {
	// Configured is false until the desk is enrolled with a hub.
	Configured bool
	// Queued is the changes waiting to be sent, Held ones included.
	Queued int
	// Held is the queued changes waiting for a conflict's resolution.
	Held int
	// Sending is true while a push is under way; Progress goes 0 to 1.
	Sending  bool
	Progress float64
	// LastSuccess is when a push and pull last went through; zero if never.
	LastSuccess time.Time
	// ErrorKey is the translation key of the last failure, empty after a
	// success; ErrorCause is its technical cause, for the log view.
	ErrorKey   string
	ErrorCause string
	// NextTry is when the engine tries again after a failure; zero otherwise.
	NextTry time.Time
	// Quarantined is the changes the hub refused, set aside for a person.
	Quarantined int
	// Conflicts is the open conflicts waiting for a person's choice.
	Conflicts int
	// NewStatuses is the dossier statuses no volunteer has looked at yet.
	NewStatuses int
	// Unmatched is the statuses and mails that match no draft.
	Unmatched int
	// MailConfigured is true when a mailbox is watched.
	MailConfigured bool
	// MailLastCheck is when the mailbox was last read through.
	MailLastCheck time.Time
	// MailErrorKey and MailErrorCause describe the last mail failure.
	MailErrorKey   string
	MailErrorCause string
	// Guides is what became of the last guide pack the hub offered.
	Guides GuideUpdate
	// Deletions is the drafts deleted on this desk (or whose consent to
	// sync was withdrawn) whose deletion the hub has not confirmed yet.
	Deletions int
	// DeletionsUnsupported is true when the hub answered that it cannot
	// delete drafts (a hub older than protocol 1.1): the hub must be updated.
	DeletionsUnsupported bool
}

// Translation keys of the failures a volunteer may read.
const (
	// KeyOffline: the hub cannot be reached (network down, hub stopped).
	KeyOffline = "sync.error.offline"
	// KeyHubBusy: the hub answered that it is busy or failed; it will retry.
	KeyHubBusy = "sync.error.hub_busy"
	// KeyCertificate: the hub's certificate is not the one pinned at enrolment.
	KeyCertificate = "sync.error.certificate"
	// KeyUnauthorized: the hub no longer knows this desk; enrol again.
	KeyUnauthorized = "sync.error.unauthorized"
	// KeyEnrolAgain: the token cannot be read on this computer; enrol again.
	KeyEnrolAgain = "sync.error.enrol_again"
	// KeyProtocol: the hub speaks another protocol version; update the app.
	KeyProtocol = "sync.error.protocol"
	// KeyRefused: the hub refused a request as malformed.
	KeyRefused = "sync.error.refused"
	// KeyLocal: the desk's own database failed.
	KeyLocal = "sync.error.local"
	// KeyEnrolCode: the enrolment code is unknown, used or expired.
	KeyEnrolCode = "sync.error.enrol_code"
	// KeyHubAddress: the hub address or fingerprint typed is not usable.
	KeyHubAddress = "sync.error.hub_address"
	// KeyMailLogin: the mailbox refused the user name or password.
	KeyMailLogin = "sync.mail.error.login"
	// KeyMailOffline: the mail server cannot be reached or failed.
	KeyMailOffline = "sync.mail.error.offline"
)

// Error is a failure with the translation key that explains it to a
// volunteer; Err is the cause, for the log.
type Error struct {
	Key string
	Err error
}

// Error returns the key and the cause.
func (e *Error) Error() string {
	if e.Err == nil {
		return e.Key
	}
	return e.Key + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// local marks err as a failure of the desk's own database.
func local(err error) error {
	if err == nil {
		return nil
	}
	return &Error{Key: KeyLocal, Err: err}
}

// classify finds the translation key of a failed round.
func classify(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var he *hubapi.Error
	switch {
	case errors.As(err, &he):
		return &Error{Key: hubKey(he), Err: err}
	case errors.Is(err, store.ErrTokenUnreadable):
		return &Error{Key: KeyEnrolAgain, Err: err}
	case certProblem(err):
		return &Error{Key: KeyCertificate, Err: err}
	}
	return &Error{Key: KeyOffline, Err: err}
}

// hubKey maps a hub error code to a translation key.
func hubKey(he *hubapi.Error) string {
	switch he.Code {
	case hubapi.CodeUnauthorized:
		return KeyUnauthorized
	case hubapi.CodeProtocolUnsupported:
		return KeyProtocol
	case hubapi.CodeEnrolRejected:
		return KeyEnrolCode
	}
	if he.Retryable() {
		return KeyHubBusy
	}
	return KeyRefused
}

// certProblem reports whether err comes from checking the hub's certificate.
func certProblem(err error) bool {
	var (
		cv *tls.CertificateVerificationError
		ua x509.UnknownAuthorityError
		hn x509.HostnameError
		ci x509.CertificateInvalidError
	)
	if errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &hn) ||
		errors.As(err, &ci) {
		return true
	}
	// hubapi.PinnedHTTPClient refuses a certificate with a plain error.
	// TODO(hubapi): match a sentinel error once hubapi exports one.
	return strings.Contains(err.Error(), "pinned fingerprint")
}

// needsPerson reports whether a failure stays until a person acts: enrols
// the desk again, checks the hub's address or certificate, or updates the
// app. The engine then retries only at its longest pause or on SyncNow.
func needsPerson(key string) bool {
	switch key {
	case KeyUnauthorized, KeyEnrolAgain, KeyProtocol, KeyCertificate, KeyRefused,
		KeyHubAddress:
		return true
	}
	return false
}
