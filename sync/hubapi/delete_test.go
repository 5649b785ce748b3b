package hubapi_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"

	"tiepsuc/sync/hubapi"
)

const someDraft = "0190f0e2-7b1a-7c3d-8e4f-0123456789ab"

func TestDeletionValidate(t *testing.T) {
	tests := []struct {
		name string
		d    hubapi.Deletion
		ok   bool
	}{
		{"request", hubapi.Deletion{DraftID: someDraft, Reason: hubapi.ReasonRequest}, true},
		{"withdrawn", hubapi.Deletion{DraftID: someDraft,
			Reason: hubapi.ReasonConsentWithdrawn}, true},
		{"a newer desk's reason", hubapi.Deletion{DraftID: someDraft, Reason: "court_order"},
			true},
		{"upper-case id", hubapi.Deletion{DraftID: strings.ToUpper(someDraft),
			Reason: "request"}, false},
		{"braced id", hubapi.Deletion{DraftID: "{" + someDraft + "}", Reason: "request"}, false},
		{"no id", hubapi.Deletion{Reason: "request"}, false},
		{"no reason", hubapi.Deletion{DraftID: someDraft}, false},
		{"reason in words", hubapi.Deletion{DraftID: someDraft, Reason: "bà ấy yêu cầu"}, false},
		{"long reason", hubapi.Deletion{DraftID: someDraft, Reason: strings.Repeat("a", 41)},
			false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.d.Validate()
			if tt.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}

func TestDeleteUnsupported(t *testing.T) {
	old := &hubapi.Error{Status: http.StatusNotFound, Code: hubapi.CodeNotFound,
		Message: "no such endpoint"}
	assert.True(t, hubapi.DeleteUnsupported(fmt.Errorf("delete: %w", old)),
		"a 1.0 hub does not know the path")
	for _, err := range []error{
		&hubapi.Error{Status: http.StatusUnauthorized, Code: hubapi.CodeUnauthorized},
		&hubapi.Error{Status: http.StatusServiceUnavailable, Code: hubapi.CodeUnavailable},
		errors.New("connection refused"), nil,
	} {
		assert.False(t, hubapi.DeleteUnsupported(err), "%v", err)
	}
}

func FuzzDeletionValidate(f *testing.F) {
	for _, s := range [][2]string{{someDraft, "request"}, {strings.ToUpper(someDraft), "x"},
		{"", ""}, {someDraft, "_"}, {someDraft + " ", "mistake"}, {"urn:uuid:" + someDraft, "a"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, id, reason string) {
		d := hubapi.Deletion{DraftID: id, Reason: reason}
		if d.Validate() != nil {
			return
		}
		u, err := uuid.Parse(id)
		assert.NoError(t, err)
		assert.Equal(t, u.String(), id, "only the canonical form is taken")
		assert.NotEmpty(t, reason)
		assert.LessOrEqual(t, len(reason), 40)
		assert.Equal(t, strings.ToLower(reason), reason)
	})
}
