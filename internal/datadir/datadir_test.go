package datadir

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/tests/windows/winetest"
)

func TestResolve(t *testing.T) {
	home := winetest.TempDir(t)
	cfg := filepath.Join(home, "cfg")
	t.Setenv("HOME", home)
	// The user's config folder: $XDG_CONFIG_HOME on Linux, %AppData% on
	// Windows, as os.UserConfigDir reads them.
	t.Setenv("XDG_CONFIG_HOME", cfg)
	t.Setenv("AppData", cfg)
	flagDir := filepath.Join(home, "srv", "desk")
	envDir := filepath.Join(home, "env", "desk")
	cases := []struct {
		name, flag, env, want string
	}{
		{"flag wins over everything", flagDir, envDir, flagDir},
		{"environment when no flag", "", envDir, envDir},
		{"config folder by default", "", "", filepath.Join(cfg, "TiepSuc")},
		{"Vietnamese letters kept as typed", filepath.Join(home, "Dữ liệu Tiếp Sức"), "",
			filepath.Join(home, "Dữ liệu Tiếp Sức")},
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

func TestResolveWithoutConfigFolder(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("checks Linux's HOME and XDG_CONFIG_HOME")
	}
	t.Setenv(EnvVar, "")
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "")
	_, err := Resolve("")
	assert.Error(t, err, "no flag, no variable and no home folder")
}
