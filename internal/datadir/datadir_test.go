package datadir

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResolve(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "cfg"))
	cases := []struct {
		name, flag, env, want string
	}{
		{"flag wins over everything", "/srv/desk", "/env/desk", "/srv/desk"},
		{"environment when no flag", "", "/env/desk", "/env/desk"},
		{"config folder by default", "", "", filepath.Join(home, "cfg", "TiepSuc")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(EnvVar, c.env)
			got, err := Resolve(c.flag)
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
		})
	}
}

func TestResolveMakesRelativeAbsolute(t *testing.T) {
	got, err := Resolve("desk-data")
	require.NoError(t, err)
	assert.True(t, filepath.IsAbs(got), got)
}
