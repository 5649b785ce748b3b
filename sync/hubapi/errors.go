package hubapi

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Error codes a hub sends in an error body. A desk decides what to do by
// the code; the message is for logs and for a person.
const (
	// CodeBadRequest: the body is not the JSON the endpoint expects.
	CodeBadRequest = "bad_request"
	// CodeProtocolUnsupported: the path or the protocol field names a major
	// version the hub does not speak.
	CodeProtocolUnsupported = "protocol_unsupported"
	// CodeUnauthorized: the token is missing, unknown or revoked; enrol again.
	CodeUnauthorized = "unauthorized"
	// CodeEnrolRejected: the enrolment code is unknown, used or expired.
	CodeEnrolRejected = "enrol_rejected"
	// CodeTooLarge: the body, the batch or the pull limit is over the limits.
	CodeTooLarge = "too_large"
	// CodeNotFound: no such endpoint.
	CodeNotFound = "not_found"
	// CodeMethodNotAllowed: the endpoint exists but wants another method.
	CodeMethodNotAllowed = "method_not_allowed"
	// CodeUnavailable: the hub is busy or shutting down; retry later.
	CodeUnavailable = "unavailable"
	// CodeInternal: the hub failed; nothing was committed; retry later.
	CodeInternal = "internal"
)

// Error is the error object of a failed request, and the error the Client
// returns for it.
type Error struct {
	// Status is the HTTP status the error came with; not sent in the body.
	Status int `json:"-"`
	// Code is one of the Code constants.
	Code string `json:"code"`
	// Message says in plain English what went wrong; never personal data.
	Message string `json:"message"`
	// RetryAfter is how long the hub asked the desk to wait before the next
	// request (a Retry-After header, sent with 429); zero when it did not say.
	RetryAfter time.Duration `json:"-"`
}

// maxRetryAfter is the longest Retry-After a desk believes: a longer one
// is read as this long.
const maxRetryAfter = time.Hour

// ParseRetryAfter reads a Retry-After header in whole seconds, the form the
// hub sends, up to an hour. Anything else, an HTTP date included, gives 0:
// the desk then waits by its own backoff.
func ParseRetryAfter(v string) time.Duration {
	if v == "" || len(v) > 10 {
		return 0
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return 0
		}
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0
	}
	if n >= int(maxRetryAfter/time.Second) {
		return maxRetryAfter
	}
	return time.Duration(n) * time.Second
}

// Error returns the code and the message.
func (e *Error) Error() string {
	return fmt.Sprintf("hub: %s: %s", e.Code, e.Message)
}

// Retryable reports whether sending the same request later may succeed.
func (e *Error) Retryable() bool {
	switch e.Code {
	case CodeUnavailable, CodeInternal:
		return true
	}
	return e.Status >= 500 || e.Status == http.StatusTooManyRequests
}

// ErrorBody is the body of every failed request.
type ErrorBody struct {
	// Protocol is the version the hub speaks.
	Protocol string `json:"protocol"`
	// Error says what went wrong.
	Error *Error `json:"error"`
}
