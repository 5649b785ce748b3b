package windows

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"

	"github.com/BurntSushi/toml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/assets"
)

// fixedFileInfoSignature opens the VS_FIXEDFILEINFO block of a version
// resource; the file version follows as two 32-bit numbers after one more.
const fixedFileInfoSignature = 0xFEEF04BD

// appMetadata is the part of FyneApp.toml that the .exe must carry.
type appMetadata struct {
	Details struct {
		Name    string
		Version string
		Build   int
	}
}

// TestExeIsAPackagedWindowsApp checks what a volunteer sees of the .exe
// before starting it: a 64-bit Windows program without a console window,
// showing the app's icon, name and version (from FyneApp.toml) in Explorer.
func TestExeIsAPackagedWindowsApp(t *testing.T) {
	exe := requireExe(t)
	info, err := os.Stat(exe)
	require.NoError(t, err)
	t.Logf("%s: %.1f MB", filepath.Base(exe), float64(info.Size())/1e6)

	f, err := pe.Open(exe)
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, uint16(pe.IMAGE_FILE_MACHINE_AMD64), f.Machine, "not an amd64 program")
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	require.True(t, ok, "not a 64-bit program")
	assert.Equal(t, uint16(pe.IMAGE_SUBSYSTEM_WINDOWS_GUI), oh.Subsystem,
		"a console window would open beside the app")

	rsrc := f.Section(".rsrc")
	require.NotNil(t, rsrc, "the .exe has no resources: no icon, no version")
	res, err := rsrc.Data()
	require.NoError(t, err)

	var meta appMetadata
	_, err = toml.DecodeFile(filepath.Join("..", "..", "FyneApp.toml"), &meta)
	require.NoError(t, err)
	version := fmt.Sprintf("%s.%d", meta.Details.Version, meta.Details.Build)
	assert.True(t, bytes.Contains(res, utf16z(version)),
		"the version %s of FyneApp.toml is not in the .exe", version)
	assert.True(t, bytes.Contains(res, utf16z(meta.Details.Name)),
		"the product name %q is not in the .exe", meta.Details.Name)
	assert.Equal(t, fixedVersion(t, meta), fileVersion(t, res),
		"the file version Explorer shows")

	icon := embeddedPNG(t, res)
	want, err := png.Decode(bytes.NewReader(assets.Icon))
	require.NoError(t, err)
	assert.Equal(t, want.Bounds(), icon.Bounds(), "icon size")
	assert.True(t, samePixels(want, icon), "the .exe's icon is not assets/icon.png")
}

// utf16z encodes s as Windows keeps strings in resources: UTF-16
// little-endian, ended by a zero.
func utf16z(s string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return append(out, 0, 0)
}

// fixedVersion is the four-part file version that meta should give.
func fixedVersion(t *testing.T, meta appMetadata) [4]int {
	t.Helper()
	var v [4]int
	_, err := fmt.Sscanf(meta.Details.Version, "%d.%d.%d", &v[0], &v[1], &v[2])
	require.NoError(t, err, "FyneApp.toml version %q", meta.Details.Version)
	v[3] = meta.Details.Build
	return v
}

// fileVersion reads the file version from the fixed part of the version
// resource in res.
func fileVersion(t *testing.T, res []byte) [4]int {
	t.Helper()
	sig := binary.LittleEndian.AppendUint32(nil, fixedFileInfoSignature)
	i := bytes.Index(res, sig)
	require.GreaterOrEqual(t, i, 0, "the .exe has no version resource")
	require.LessOrEqual(t, i+16, len(res))
	ms := binary.LittleEndian.Uint32(res[i+8:])
	ls := binary.LittleEndian.Uint32(res[i+12:])
	return [4]int{int(ms >> 16), int(ms & 0xffff), int(ls >> 16), int(ls & 0xffff)}
}

// embeddedPNG decodes the PNG image that the icon resource in res holds.
func embeddedPNG(t *testing.T, res []byte) image.Image {
	t.Helper()
	i := bytes.Index(res, []byte("\x89PNG\r\n\x1a\n"))
	require.GreaterOrEqual(t, i, 0, "the .exe has no PNG icon")
	img, err := png.Decode(bytes.NewReader(res[i:]))
	require.NoError(t, err, "the .exe's icon")
	return img
}

// samePixels reports whether a and b have the same size and colours.
func samePixels(a, b image.Image) bool {
	if a.Bounds().Size() != b.Bounds().Size() {
		return false
	}
	ab, bb := a.Bounds(), b.Bounds()
	for y := range ab.Dy() {
		for x := range ab.Dx() {
			r1, g1, b1, a1 := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, a2 := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}
