package auth_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/auth"
)

func TestCheckPIN(t *testing.T) {
	tests := []struct {
		pin  string
		want error
	}{
		{"", auth.PINShort},
		{"48213", auth.PINShort},
		{"482137", nil},
		{"4821379", nil},
		{"48213795", nil},
		{"482137951", auth.PINLong},
		{"48 2137", auth.PINNotDigits},
		{"48213a", auth.PINNotDigits},
		{"４８２１３７", auth.PINNotDigits}, // full-width digits from an IME
		{"-482137", auth.PINNotDigits},
		{"000000", auth.PINRepeated},
		{"9999999", auth.PINRepeated},
		{"121212", auth.PINRepeated},
		{"123123", auth.PINRepeated},
		{"520520", auth.PINRepeated},
		{"45674567", auth.PINRepeated},
		{"123456", auth.PINRun},
		{"654321", auth.PINRun},
		{"0123456", auth.PINRun},
		{"98765432", auth.PINRun},
		{"890123", nil}, // a run that wraps round is not straight
		{"112233", auth.PINCommon},
		{"159753", auth.PINCommon},
		{"14725836", auth.PINCommon},
		{"150390", auth.PINDate},   // 15 March 1990
		{"290200", auth.PINDate},   // 29 February 2000
		{"01011970", auth.PINDate}, // 1 January 1970
		{"19851231", auth.PINDate}, // 31 December 1985, year first
		{"310490", nil},            // 31 April does not exist
		{"29021900", nil},          // 1900 was not a leap year
		{"15132001", nil},          // no thirteenth month
		{"482100", nil},
	}
	for _, tt := range tests {
		t.Run(tt.pin, func(t *testing.T) {
			err := auth.CheckPIN(tt.pin)
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, tt.want, err)
			assert.ErrorIs(t, err, auth.ErrWeakPIN)
		})
	}
}

func TestPINProblemIsTranslationKey(t *testing.T) {
	var p auth.PINProblem
	require.True(t, errors.As(auth.CheckPIN("111111"), &p))
	assert.Equal(t, "auth.pin.repeated", p.Error())
}

// FuzzCheckPIN checks that an accepted PIN has the promised shape and is
// never one a rule refuses, whatever the input.
func FuzzCheckPIN(f *testing.F) {
	for _, s := range []string{"482137", "123456", "000000", "150390", "19851231",
		"４８２１３７", "4821379512", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pin string) {
		err := auth.CheckPIN(pin)
		if err != nil {
			var p auth.PINProblem
			if !errors.As(err, &p) {
				t.Fatalf("CheckPIN(%q) = %v, not a PINProblem", pin, err)
			}
			return
		}
		if len(pin) < auth.MinPINLength || len(pin) > auth.MaxPINLength {
			t.Fatalf("accepted %q of length %d", pin, len(pin))
		}
		for _, c := range []byte(pin) {
			if c < '0' || c > '9' {
				t.Fatalf("accepted %q with a non-digit", pin)
			}
		}
		if strings.Count(pin, pin[:1]) == len(pin) {
			t.Fatalf("accepted %q, one digit repeated", pin)
		}
		if strings.Contains("0123456789", pin) || strings.Contains("9876543210", pin) {
			t.Fatalf("accepted %q, a straight run", pin)
		}
	})
}
