package hub

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"tiepsuc/sync/hubapi"
)

// badRequest makes the error answer of an unreadable body.
func badRequest(format string, args ...any) *hubapi.Error {
	return &hubapi.Error{Status: http.StatusBadRequest, Code: hubapi.CodeBadRequest,
		Message: fmt.Sprintf(format, args...)}
}

// readBody reads a request body of at most hubapi.MaxBodyBytes.
func readBody(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, hubapi.MaxBodyBytes+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge("body over %d bytes", mbe.Limit)
		}
		return nil, badRequest("read body: %v", err)
	}
	if len(b) > hubapi.MaxBodyBytes {
		return nil, tooLarge("body over %d bytes", hubapi.MaxBodyBytes)
	}
	return b, nil
}

// tooLarge makes the error answer of a request over the limits.
func tooLarge(format string, args ...any) *hubapi.Error {
	return &hubapi.Error{Status: http.StatusRequestEntityTooLarge, Code: hubapi.CodeTooLarge,
		Message: fmt.Sprintf(format, args...)}
}

// decodeEnvelope checks the protocol field of a JSON object body first, so
// a desk of another major version is told so, then reads the body into v.
func decodeEnvelope(body []byte, v any) error {
	var probe struct {
		Protocol string `json:"protocol"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		return badRequest("body is not the expected JSON object: %v", jsonProblem(err))
	}
	if err := hubapi.CheckProtocol(probe.Protocol); err != nil {
		return err
	}
	if err := json.Unmarshal(body, v); err != nil {
		return badRequest("body is not the expected JSON object: %v", jsonProblem(err))
	}
	return nil
}

// jsonProblem describes a decoding error without quoting the input.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("field %q wants %s", te.Field, te.Type)
	}
	return "unreadable"
}

// DecodeEnrol reads the body of an enrol request.
func DecodeEnrol(body []byte) (hubapi.EnrolRequest, error) {
	var req hubapi.EnrolRequest
	if err := decodeEnvelope(body, &req); err != nil {
		return hubapi.EnrolRequest{}, err
	}
	if req.Code == "" {
		return hubapi.EnrolRequest{}, badRequest("code missing")
	}
	return req, nil
}

// pushEnvelope is a push body with each change left raw, so one unreadable
// change is answered invalid without failing the batch.
type pushEnvelope struct {
	Protocol string            `json:"protocol"`
	Changes  []json.RawMessage `json:"changes"`
}

// DecodedChange is one change of a push body: the change, or why it could
// not be read.
type DecodedChange struct {
	// Change is the change as read; only DraftID may be set when Problem is.
	Change hubapi.Change
	// Problem says why the change could not be read; empty when it could.
	Problem string
}

// DecodePush reads the body of a push request: the batch as a whole must
// be readable; each change is read on its own.
func DecodePush(body []byte) ([]DecodedChange, error) {
	var env pushEnvelope
	if err := decodeEnvelope(body, &env); err != nil {
		return nil, err
	}
	if len(env.Changes) > hubapi.MaxBatch {
		return nil, tooLarge("%d changes; at most %d in one push", len(env.Changes),
			hubapi.MaxBatch)
	}
	out := make([]DecodedChange, len(env.Changes))
	for i, raw := range env.Changes {
		if err := json.Unmarshal(raw, &out[i].Change); err != nil {
			var id struct {
				DraftID string `json:"draft_id"`
			}
			json.Unmarshal(raw, &id) //nolint:errcheck // best effort, to name the row
			out[i] = DecodedChange{Change: hubapi.Change{DraftID: clip(id.DraftID)},
				Problem: "change is not readable: " + jsonProblem(err)}
		}
	}
	return out, nil
}

// clip keeps an id echoed back in an answer short.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64]
	}
	return s
}

// DecodePull reads the body of a pull request and fills in the limit.
func DecodePull(body []byte) (hubapi.PullRequest, error) {
	var req hubapi.PullRequest
	if err := decodeEnvelope(body, &req); err != nil {
		return hubapi.PullRequest{}, err
	}
	switch {
	case req.Cursor < 0:
		return hubapi.PullRequest{}, badRequest("cursor must not be negative")
	case req.Limit < 0:
		return hubapi.PullRequest{}, badRequest("limit must not be negative")
	case req.Limit == 0:
		req.Limit = hubapi.DefaultPullLimit
	case req.Limit > hubapi.MaxPullLimit:
		req.Limit = hubapi.MaxPullLimit
	}
	return req, nil
}
