package hubapi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hubapi"
)

func TestCheckProtocol(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"1.0", true}, {"1.7", true}, {"2.0", false}, {"0.9", false}, {"", false},
		{"1", false}, {"1.", false}, {"01.0", false}, {"1.0.0", false}, {"+1.0", false},
		{"١.0", false}, {"99999.0", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			err := hubapi.CheckProtocol(tt.in)
			if tt.ok {
				assert.NoError(t, err)
				return
			}
			var he *hubapi.Error
			require.ErrorAs(t, err, &he)
			assert.Equal(t, hubapi.CodeProtocolUnsupported, he.Code)
			assert.Contains(t, he.Message+" "+tt.in, tt.in, "says what was sent")
		})
	}
}

func TestNormaliseCode(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"ABCDE-FGH23", "ABCDEFGH23"},
		{" abcde fgh23 ", "ABCDEFGH23"},
		{"ABCDEFGH2", ""},   // too short
		{"ABCDEFGH234", ""}, // too long
		{"ABCDE-FGHI3", ""}, // I is not in the alphabet
		{"ABCDE-FGH03", ""}, // nor 0
		{"ÀBCDE-FGH23", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := hubapi.NormaliseCode(tt.in)
			if tt.want == "" {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestEnrolLinkRoundTrip(t *testing.T) {
	fp := strings.TrimSuffix(strings.Repeat("AB:", 32), ":")
	tests := []hubapi.EnrolLink{
		{Code: "ABCDEFGH23"},
		{Code: "ABCDEFGH23", Hub: "https://10.0.0.5:8443"},
		{Code: "ABCDEFGH23", Hub: "https://hub.dongnai.example:8443", Fingerprint: fp},
	}
	for _, l := range tests {
		t.Run(l.String(), func(t *testing.T) {
			got, err := hubapi.ParseEnrolLink(l.String())
			require.NoError(t, err)
			assert.Equal(t, l, got)
		})
	}
	for _, bad := range []string{"tiepsuc-enrol:ABCDEFGH23?hub=http://x", "tiepsuc-enrol:",
		"tiepsuc-enrol:ABCDEFGH23?fp=zz", "https://evil.example/ABCDEFGH23"} {
		_, err := hubapi.ParseEnrolLink(bad)
		assert.Error(t, err, bad)
	}
}

func TestChangeValidate(t *testing.T) {
	const id = "0190f0e2-7b1a-7c3d-8e4f-0123456789ab"
	obj := json.RawMessage(`{"a":1}`)
	tests := []struct {
		name string
		c    hubapi.Change
		want string
	}{
		{"fine", hubapi.Change{DraftID: id, NewVersion: 1, Payload: obj}, ""},
		{"upper case id", hubapi.Change{DraftID: strings.ToUpper(id), NewVersion: 1,
			Payload: obj}, "canonical"},
		{"braced id", hubapi.Change{DraftID: "{" + id + "}", NewVersion: 1, Payload: obj},
			"canonical"},
		{"same versions", hubapi.Change{DraftID: id, BaseVersion: 2, NewVersion: 2,
			Payload: obj}, "greater"},
		{"negative base", hubapi.Change{DraftID: id, BaseVersion: -1, NewVersion: 1,
			Payload: obj}, "negative"},
		{"array payload", hubapi.Change{DraftID: id, NewVersion: 1,
			Payload: json.RawMessage(`[]`)}, "object"},
		{"no payload", hubapi.Change{DraftID: id, NewVersion: 1}, "object"},
		{"huge payload", hubapi.Change{DraftID: id, NewVersion: 1, Payload: json.RawMessage(
			`{"a":"` + strings.Repeat("x", hubapi.MaxPayloadBytes) + `"}`)}, "over"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Validate()
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestFingerprint(t *testing.T) {
	fp := hubapi.Fingerprint([]byte("certificate"))
	assert.Len(t, fp, 95)
	b, err := hubapi.ParseFingerprint(strings.ToLower(strings.ReplaceAll(fp, ":", "")))
	require.NoError(t, err)
	assert.Len(t, b, 32)
	_, err = hubapi.PinnedHTTPClient("AB:CD", 0)
	assert.Error(t, err)
}

func FuzzParseProtocol(f *testing.F) {
	for _, s := range []string{"1.0", "2.13", "", "1", "01.0", "1.0.0", "a.b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		major, minor, err := hubapi.ParseProtocol(s)
		if err != nil {
			return
		}
		assert.Equal(t, s, strings.Join([]string{itoa(major), itoa(minor)}, "."),
			"only the canonical spelling parses")
	})
}

// itoa writes a small number without strconv, to keep the check independent.
func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func FuzzParseEnrolLink(f *testing.F) {
	for _, s := range []string{"ABCDE-FGH23", "tiepsuc-enrol:ABCDEFGH23?hub=https%3A%2F%2Fh:1",
		"TIEPSUC-ENROL:abcde-fgh23?fp=" + strings.Repeat("0", 64), "tiepsuc-enrol:?%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := hubapi.ParseEnrolLink(s)
		if err != nil {
			return
		}
		assert.Len(t, l.Code, hubapi.CodeLength)
		again, err := hubapi.ParseEnrolLink(l.String())
		require.NoError(t, err, "a parsed link writes back readably")
		assert.Equal(t, l, again)
	})
}

func FuzzValidateChange(f *testing.F) {
	f.Add([]byte(`{"draft_id":"0190f0e2-7b1a-7c3d-8e4f-0123456789ab","base_version":0,` +
		`"new_version":1,"payload":{"a":1}}`))
	f.Add([]byte(`{"draft_id":"x","payload":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var c hubapi.Change
		if json.Unmarshal(b, &c) != nil {
			return
		}
		if c.Validate() == nil {
			assert.Greater(t, c.NewVersion, c.BaseVersion)
			assert.True(t, json.Valid(c.Payload))
		}
	})
}
