//go:build unix

package attach

import (
	"bufio"
	"context"
	"fmt"
	"image"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// crashEnvDir, set in the child, is the attachment folder it writes to.
const crashEnvDir = "TIEPSUC_ATTACH_CRASH_DIR"

// crashPhoto is the n-th photo the child stores: noise, so each is
// different and a few hundred kilobytes long.
func crashPhoto(t testing.TB, n int) []byte {
	img := image.NewGray(image.Rect(0, 0, 500, 400))
	rng := rand.New(rand.NewPCG(uint64(n), 11))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.Uint32())
	}
	return encPNG(t, img)
}

// TestCrashChild is the child process of TestStoreSurvivesAKill; it does
// nothing unless started by it.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashEnvDir)
	if dir == "" {
		t.Skip("runs only as the child of TestStoreSurvivesAKill")
	}
	s, err := OpenStore(dir)
	require.NoError(t, err)
	for n := range 2000 {
		ref, err := s.Put(crashPhoto(t, n))
		require.NoError(t, err)
		fmt.Fprintf(os.Stdout, "stored %s\n", ref.SHA256)
	}
	// Wait to be killed; stdin closes if the parent dies first.
	_, _ = io.Copy(io.Discard, os.Stdin)
}

// TestStoreSurvivesAKill kills a process that keeps storing photos at a
// random moment, and finds every photo it reported stored whole, and no
// half-written file under an attachment's name.
func TestStoreSurvivesAKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := filepath.Join(t.TempDir(), "attachments")
	for round := range 8 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
		cmd.Env = append(os.Environ(), crashEnvDir+"="+dir)
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		stdin, err := cmd.StdinPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())

		stored := make(chan []string)
		go func() {
			var shas []string
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if sha, ok := strings.CutPrefix(sc.Text(), "stored "); ok {
					shas = append(shas, sha)
				}
			}
			stored <- shas
		}()
		time.Sleep(time.Duration(100+rand.IntN(400)) * time.Millisecond)
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		shas := <-stored
		_ = cmd.Wait()
		_ = stdin.Close()

		s, err := OpenStore(dir)
		require.NoError(t, err)
		faults, err := s.Verify(context.Background(), shas)
		require.NoError(t, err)
		assert.Empty(t, faults, "round %d: after %d photos", round, len(shas))
		for _, n := range names(t, dir) {
			if !strings.HasPrefix(n, tempPrefix) {
				assert.Regexp(t, storedName, n)
			}
		}
		t.Logf("round %d: killed after %d photos reported stored", round, len(shas))
	}
}
