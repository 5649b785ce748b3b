package catalogue_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/catalogue"
)

// copyContent copies the shipped procedure files to a new folder.
func copyContent(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "catalogue")
	require.NoError(t, os.CopyFS(dir, os.DirFS("content")))
	return dir
}

// runCheck runs RunCheck and returns its exit code, stdout and stderr.
func runCheck(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := catalogue.RunCheck(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRunCheckClean(t *testing.T) {
	code, out, errOut := runCheck(copyContent(t))
	assert.Equal(t, catalogue.ExitClean, code, out+errOut)
	assert.Contains(t, out, "12 procedure(s)")
	assert.Contains(t, out, "no problems")
}

func TestRunCheckNamesFileAndField(t *testing.T) {
	dir := copyContent(t)
	path := filepath.Join(dir, goodFile)
	require.NoError(t, os.WriteFile(path, edit(t, "fees.paid_at", "bank", false), 0o644))

	code, out, _ := runCheck(dir)
	assert.Equal(t, catalogue.ExitProblems, code)
	assert.Contains(t, out, `temporary_residence.json: fees.paid_at: "bank" is not allowed`)
	assert.Contains(t, out, "1 problem(s)")
}

func TestRunCheckUnknownGuide(t *testing.T) {
	dir := copyContent(t)
	path := filepath.Join(dir, goodFile)
	require.NoError(t, os.WriteFile(path,
		edit(t, "guides", []any{"procedure-not-written"}, false), 0o644))

	code, out, _ := runCheck(dir)
	assert.Equal(t, catalogue.ExitProblems, code)
	assert.Contains(t, out,
		`temporary_residence.json: guides[1]: "procedure-not-written" is not a guide`)
}

func TestRunCheckGuidesFolder(t *testing.T) {
	// A guides folder without one procedure guide makes its name unknown.
	guidesDir := filepath.Join(t.TempDir(), "guides")
	require.NoError(t, os.CopyFS(guidesDir, os.DirFS("../guides/content")))
	require.NoError(t, os.Remove(filepath.Join(guidesDir,
		"procedure-temporary-residence.json")))

	code, out, _ := runCheck("-guides", guidesDir, copyContent(t))
	assert.Equal(t, catalogue.ExitProblems, code)
	assert.Contains(t, out, `"procedure-temporary-residence" is not a guide`)
	assert.NotContains(t, out, `"portal-submit" is not a guide`)
}

func TestRunCheckUsage(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x.json")
	require.NoError(t, os.WriteFile(file, []byte("{}"), 0o644))
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no folder", nil, catalogue.ExitUsage, "give one folder, not 0"},
		{"two folders", []string{"a", "b"}, catalogue.ExitUsage, "give one folder, not 2"},
		{"missing folder", []string{"/no/such/dir"}, catalogue.ExitUsage, "is not a folder"},
		{"a file", []string{file}, catalogue.ExitUsage, "is not a folder"},
		{"unknown flag", []string{"-x", "dir"}, catalogue.ExitUsage, "Usage:"},
		{"help", []string{"-h"}, catalogue.ExitClean, "Usage:"},
		{"guides folder missing", []string{"-guides", "/no/such/dir", "content"},
			catalogue.ExitUsage, "load guides in /no/such/dir"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCheck(tt.args...)
			assert.Equal(t, tt.code, code)
			assert.Contains(t, out+errOut, tt.want)
		})
	}
}
