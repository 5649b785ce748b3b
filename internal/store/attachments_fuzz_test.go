package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hubAttachmentCases are payloads of hub drafts and how many files each
// lists that the desk takes; fuzzing found none that broke the rules.
var hubAttachmentCases = []struct {
	name    string
	payload string
	want    int
}{
	{"none", `{"fields":{}}`, 0},
	{"one", `{"attachments":[{"sha256":"` + sha64 + `","kind":"jpeg","size":10}]}`, 1},
	{"repeat", `{"attachments":[{"sha256":"` + sha64 + `","kind":"jpeg","size":10},` +
		`{"sha256":"` + sha64 + `","kind":"pdf","size":12}]}`, 1},
	{"upper case", `{"attachments":[{"sha256":"` + "A" + sha64[1:] + `","kind":"png",` +
		`"size":10}]}`, 0},
	{"negative size", `{"attachments":[{"sha256":"` + sha64 + `","kind":"png","size":-1}]}`, 0},
	{"not a list", `{"attachments":{"sha256":"` + sha64 + `"}}`, 0},
	{"not json", `{"attachments":[`, 0},
	{"null", `null`, 0},
}

// sha64 is a well-formed SHA-256.
const sha64 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

func TestHubAttachments(t *testing.T) {
	for _, tt := range hubAttachmentCases {
		t.Run(tt.name, func(t *testing.T) {
			assert.Len(t, hubAttachments([]byte(tt.payload)), tt.want)
		})
	}
}

// FuzzHubAttachments checks that whatever a hub payload holds, the files
// the desk takes from it are sound, once each, and bounded in number.
func FuzzHubAttachments(f *testing.F) {
	for _, tt := range hubAttachmentCases {
		f.Add([]byte(tt.payload))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		refs := hubAttachments(payload)
		require.LessOrEqual(t, len(refs), maxSnapshotAttachments)
		seen := map[string]bool{}
		for _, r := range refs {
			checked, err := checkRef(r)
			require.NoError(t, err)
			require.Equal(t, r, checked, "taken as it will be stored")
			require.False(t, seen[r.SHA256], "each file once")
			seen[r.SHA256] = true
		}
	})
}
