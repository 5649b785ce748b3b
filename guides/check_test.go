package guides

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckDirFindsBuiltinContentClean(t *testing.T) {
	rep, err := CheckDir("content")
	require.NoError(t, err)
	assert.Empty(t, rep.Problems)
	assert.Empty(t, rep.Warnings)

	jsons, err := fs.Glob(content, "content/*.json")
	require.NoError(t, err)
	pictures, err := fs.ReadDir(content, "content/pictures")
	require.NoError(t, err)
	assert.Equal(t, len(jsons)-1, rep.Guides, "every guide file but pack.json")
	assert.Equal(t, len(pictures), rep.Pictures)

	var stdout, stderr bytes.Buffer
	code := RunCheck([]string{"-strict", "content"}, &stdout, &stderr)
	assert.Equal(t, ExitClean, code, stdout.String())
	assert.Empty(t, stderr.String())
	assert.Regexp(t, `^content: \d+ guides, \d+ pictures: no problems\n$`, stdout.String())
}

func TestRunCheckOnABrokenCopyOfTheContent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	sub, err := fs.Sub(content, "content")
	require.NoError(t, err)
	require.NoError(t, os.CopyFS(dir, sub))

	editGuide(t, dir, "pay-vietqr", func(g map[string]any) {
		delete(textOf(stepOf(g, 1), "text"), "en")
	})
	editGuide(t, dir, "safety-otp-calls", func(g map[string]any) {
		textOf(stepOf(g, 2), "text")["vi"] = longText
	})
	require.NoError(t, os.Remove(filepath.Join(dir, "pictures", "help-desk.svg")))
	writeFile(t, filepath.Join(dir, "pictures", "unused.svg"), goodSVG)

	var stdout, stderr bytes.Buffer
	code := RunCheck([]string{dir}, &stdout, &stderr)
	assert.Equal(t, ExitProblems, code)
	assert.Empty(t, stderr.String())
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	require.Len(t, lines, 6, stdout.String())
	assert.Equal(t, []string{
		`pay-vietqr.json: step 2 "open-scan": text.en: missing`,
		`safety-apps-outside-store.json: step 8 "ask-first": picture: ` +
			`"help-desk.svg" is not in pictures/`,
		`safety-otp-calls.json: step 3 "hang-up": text.vi: has 61 words, at most 60`,
		`safety-otp-calls.json: step 7 "ask": picture: "help-desk.svg" is not in pictures/`,
		"pictures/unused.svg: warning: not shown by any step; name it in a step's " +
			"picture or delete it",
	}, lines[:5])
	assert.Regexp(t, `^.*content: \d+ guides, \d+ pictures: 4 problems, 1 warning$`, lines[5])
}

// longText is a Vietnamese step text one word over the limit.
var longText = strings.TrimSpace(strings.Repeat("bác bấm ", 30)) + " nút."

func TestRunCheckOnBrokenCopies(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		damage func(t *testing.T, dir string)
		code   int
		want   []string
	}{
		{
			name: "a clean pack",
			code: ExitClean,
			want: []string{"DIR: 2 guides, 1 picture: no problems"},
		},
		{
			name: "a step without English and a typo",
			damage: func(t *testing.T, dir string) {
				editGuide(t, dir, "vneid-a", func(g map[string]any) {
					s := stepOf(g, 1)
					delete(textOf(s, "text"), "en")
					s["pictrue"] = "phone.svg"
				})
			},
			code: ExitProblems,
			want: []string{
				`vneid-a.json: step 2 "enter-otp": pictrue: unknown field, ` +
					`did you mean "picture"?`,
				`vneid-a.json: step 2 "enter-otp": text.en: missing`,
				"DIR: 2 guides, 1 picture: 2 problems",
			},
		},
		{
			name: "a step over the readability limits",
			damage: func(t *testing.T, dir string) {
				editGuide(t, dir, "pay-b", func(g map[string]any) {
					textOf(stepOf(g, 0), "text")["vi"] = longText
					textOf(stepOf(g, 0), "title")["en"] = strings.Repeat("Tap ", 16)
					textOf(g, "summary")["en"] = "You will pay. Then you will wait."
				})
			},
			code: ExitProblems,
			want: []string{
				"pay-b.json: summary.en: has 2 sentences, at most 1",
				`pay-b.json: step 1 "one": title.en: is 64 characters long, at most 60`,
				`pay-b.json: step 1 "one": text.vi: has 61 words, at most 60`,
				"DIR: 2 guides, 1 picture: 3 problems",
			},
		},
		{
			name: "a picture that is missing",
			damage: func(t *testing.T, dir string) {
				require.NoError(t, os.Remove(filepath.Join(dir, "pictures", "phone.svg")))
			},
			code: ExitProblems,
			want: []string{
				`vneid-a.json: step 1 "one": picture: "phone.svg" is not in pictures/`,
				"DIR: 2 guides, 0 pictures: 1 problem",
			},
		},
		{
			name: "a picture no step shows is a warning",
			damage: func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, "pictures", "old.svg"), goodSVG)
				writeFile(t, filepath.Join(dir, "notes.txt"), "to do")
			},
			code: ExitClean,
			want: []string{
				"notes.txt: warning: ignored: a guide folder holds guide files (*.json), " +
					"pack.json and pictures/",
				"pictures/old.svg: warning: not shown by any step; name it in a step's " +
					"picture or delete it",
				"DIR: 2 guides, 2 pictures: no problems, 2 warnings",
			},
		},
		{
			name: "warnings fail with -strict",
			args: []string{"-strict"},
			damage: func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, "pictures", "old.svg"), goodSVG)
			},
			code: ExitProblems,
			want: []string{
				"pictures/old.svg: warning: not shown by any step; name it in a step's " +
					"picture or delete it",
				"DIR: 2 guides, 2 pictures: no problems, 1 warning",
			},
		},
		{
			name: "a picture the app cannot draw is a problem, not also a warning",
			damage: func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, "pictures", "label.svg"),
					`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3">`+
						`<text>OTP</text></svg>`)
			},
			code: ExitProblems,
			want: []string{
				"pictures/label.svg: has a <text> element: the app does not draw text; " +
					"draw with shapes only",
				"DIR: 2 guides, 2 pictures: 1 problem",
			},
		},
		{
			name: "a broken pack.json",
			damage: func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, manifestName), `{"version": "two"}`)
			},
			code: ExitProblems,
			want: []string{
				"pack.json: version: must be a number, not a string",
				"pack.json: checked: missing",
				"DIR: 2 guides, 1 picture: 2 problems",
			},
		},
		{
			name: "a folder without guides",
			damage: func(t *testing.T, dir string) {
				require.NoError(t, os.Remove(filepath.Join(dir, "vneid-a.json")))
				require.NoError(t, os.Remove(filepath.Join(dir, "pay-b.json")))
			},
			code: ExitProblems,
			want: []string{
				"no guide files (*.json) found",
				"pictures/phone.svg: warning: not shown by any step; name it in a step's " +
					"picture or delete it",
				"DIR: 0 guides, 1 picture: 1 problem, 1 warning",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := packDir(t, 2, nil)
			if c.damage != nil {
				c.damage(t, dir)
			}
			var stdout, stderr bytes.Buffer
			code := RunCheck(append(c.args, dir), &stdout, &stderr)
			assert.Equal(t, c.code, code)
			assert.Empty(t, stderr.String())
			got := strings.ReplaceAll(stdout.String(), dir, "DIR")
			assert.Equal(t, c.want, strings.Split(strings.TrimSuffix(got, "\n"), "\n"))
		})
	}
}

func TestRunCheckOnPackZips(t *testing.T) {
	good := zipDir(t, packDir(t, 2, nil))
	noManifest := packDir(t, 2, nil)
	require.NoError(t, os.Remove(filepath.Join(noManifest, manifestName)))
	huge := filepath.Join(t.TempDir(), "huge.zip")
	require.NoError(t, os.WriteFile(huge, make([]byte, maxPackBytes+1), 0o644))

	cases := []struct {
		name string
		data []byte
		path string
		code int
		want string
	}{
		{"a good pack", good, "", ExitClean, "PACK: 2 guides, 1 picture: no problems\n"},
		{"a pack without pack.json", zipDir(t, noManifest), "", ExitProblems,
			`pack.json: missing; a pack needs {"version": N, "checked": "YYYY-MM-DD"}` + "\n" +
				"PACK: 2 guides, 1 picture: 1 problem\n"},
		{"a pack too big to be sent", nil, huge, ExitProblems,
			"PACK: pack is 33554433 bytes, at most 33554432\nPACK: 0 guides, 0 pictures: " +
				"1 problem\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := c.path
			if path == "" {
				path = filepath.Join(t.TempDir(), "pack.zip")
				require.NoError(t, os.WriteFile(path, c.data, 0o644))
			}
			var stdout, stderr bytes.Buffer
			code := RunCheck([]string{path}, &stdout, &stderr)
			assert.Equal(t, c.code, code)
			assert.Empty(t, stderr.String())
			assert.Equal(t, c.want, strings.ReplaceAll(stdout.String(), path, "PACK"))
		})
	}
}

func TestRunCheckUsage(t *testing.T) {
	notZip := filepath.Join(t.TempDir(), "notes.txt")
	writeFile(t, notZip, "not a pack")

	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"no folder", nil, ExitUsage, "", "give one folder or pack zip, not 0"},
		{"two folders", []string{"a", "b"}, ExitUsage, "", "give one folder or pack zip, not 2"},
		{"a folder that does not exist", []string{"no-such-folder"}, ExitUsage, "",
			"tiepsuc guides check: stat no-such-folder: no such file or directory"},
		{"a file that is not a zip", []string{notZip}, ExitUsage, "",
			"is neither a folder nor a zip file"},
		{"an unknown flag", []string{"-fix", "content"}, ExitUsage, "",
			"flag provided but not defined: -fix"},
		{"help", []string{"-h"}, ExitClean, "Usage: tiepsuc guides check", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, c.code, RunCheck(c.args, &stdout, &stderr))
			if c.stdout == "" {
				assert.Empty(t, stdout.String())
			} else {
				assert.Contains(t, stdout.String(), c.stdout)
			}
			if c.stderr == "" {
				assert.Empty(t, stderr.String())
			} else {
				assert.Contains(t, stderr.String(), c.stderr)
			}
		})
	}
}

// writeFile writes text to the file at name.
func writeFile(t *testing.T, name, text string) {
	t.Helper()
	require.NoError(t, os.WriteFile(name, []byte(text), 0o644))
}
