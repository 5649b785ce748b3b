package hubapi_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hubapi"
)

// packAnswer is how a test server answers a guide pack request.
type packAnswer struct {
	status  int
	version string
	sum     string
	body    []byte
	chunked bool
}

// TestGuidePackChecksTheAnswer runs the client against servers that answer
// as a real hub cannot be made to: a broken hub, or something in between.
func TestGuidePackChecksTheAnswer(t *testing.T) {
	zip := []byte("PK\x03\x04 a small pack")
	sum := sha256.Sum256(zip)
	good := hex.EncodeToString(sum[:])
	big := make([]byte, hubapi.MaxGuidePackBytes+1)
	tests := []struct {
		name    string
		answer  packAnswer
		wantErr string
		damaged bool
	}{
		{"good", packAnswer{200, "4", good, zip, false}, "", false},
		{"good, chunked", packAnswer{200, "4", good, zip, true}, "", false},
		{"a byte changed", packAnswer{200, "4", good, append([]byte("X"), zip[1:]...), false},
			"does not match", true},
		{"no version", packAnswer{200, "", good, zip, false}, "version", false},
		{"version not above have", packAnswer{200, "3", good, zip, false}, "version", false},
		{"checksum not hex", packAnswer{200, "4", "XYZ", zip, false}, "SHA-256", false},
		{"over 20 MiB", packAnswer{200, "4", good, big, false}, "at most", false},
		{"over 20 MiB, chunked", packAnswer{200, "4", good, big, true}, "over", false},
		{"hub error", packAnswer{401, "", "", []byte(`{"protocol":"1.0","error":` +
			`{"code":"unauthorized","message":"enrol again"}}`), false}, "unauthorized", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter,
				r *http.Request) {
				assert.Equal(t, "3", r.URL.Query().Get("have"))
				assert.Equal(t, "Bearer tsd1_x", r.Header.Get("Authorization"))
				a := tt.answer
				w.Header().Set(hubapi.HeaderGuidePackVersion, a.version)
				w.Header().Set(hubapi.HeaderGuidePackSHA256, a.sum)
				if !a.chunked {
					w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
				}
				w.WriteHeader(a.status)
				w.Write(a.body) //nolint:errcheck // the client may stop reading
			}))
			defer srv.Close()
			c := &hubapi.Client{BaseURL: srv.URL, Token: "tsd1_x"}
			offer, err := c.GuidePack(context.Background(), 3, "")
			if tt.wantErr == "" {
				require.NoError(t, err)
				assert.Equal(t, hubapi.GuidePackOffer{Newer: true, Version: 4, SHA256: good,
					Zip: zip}, offer)
				return
			}
			assert.ErrorContains(t, err, tt.wantErr)
			assert.Equal(t, tt.damaged, errors.Is(err, hubapi.ErrPackDamaged))
			assert.Nil(t, offer.Zip, "nothing to install")
		})
	}
}

func TestGuidePackAsksToSkip(t *testing.T) {
	skip := strings.Repeat("ab", 32)
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("If-None-Match")
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	offer, err := (&hubapi.Client{BaseURL: srv.URL}).GuidePack(context.Background(), 1, skip)
	require.NoError(t, err)
	assert.Equal(t, hubapi.GuidePackOffer{Skipped: true}, offer)
	assert.Equal(t, `"`+skip+`"`, got, "the refused pack is named by its SHA-256")
}
