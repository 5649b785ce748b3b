package store_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"tiepsuc/internal/store"
)

const (
	crashEnvDB   = "TIEPSUC_CRASH_DB"   // set in the child: the database to edit
	crashEnvSeed = "TIEPSUC_CRASH_SEED" // set to replay a failed run
	crashEdits   = 1000
)

// crashFields are the fields the child edits in turn.
var crashFields = []string{
	store.FieldFullName, store.FieldNotes, store.FieldAddress, store.FieldPhone,
	store.FieldNeedProcedure,
}

// crashEdit is the n-th edit the child makes: the field and the value typed,
// sometimes in NFD as some keyboards send it.
func crashEdit(n int) (field, value string) {
	field = crashFields[n%len(crashFields)]
	switch n % 3 {
	case 0:
		value = fmt.Sprintf("edit-%d", n)
	case 1:
		value = norm.NFD.String(fmt.Sprintf("Nguyễn Văn Đức %d", n))
	default:
		value = fmt.Sprintf("ấp Hoà Bình, xã Tân Phú %d", n)
	}
	return field, value
}

// TestCrashChild is the child process of the crash tests; it does nothing
// unless started by them.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnvDB)
	if path == "" {
		t.Skip("runs only as the child of TestCrashNothingLost")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	require.NoError(t, err)
	sess := start(t, s, true)
	fmt.Fprintf(os.Stdout, "draft %d\n", sess.DraftID)

	for n := range crashEdits {
		field, value := crashEdit(n)
		v, err := s.SetField(ctx, sess.DraftID, field, value)
		require.NoError(t, err)
		fmt.Fprintf(os.Stdout, "saved %d %d\n", n, v)
	}
	fmt.Fprintln(os.Stdout, "finished")
	// Wait to be killed; stdin closes if the parent dies first.
	_, _ = io.Copy(io.Discard, os.Stdin)
}

// crashRun is what the parent saw of one child before killing it.
type crashRun struct {
	draftID int64
	saved   map[int]int64 // edit number -> version reported saved
}

// runCrashChild starts the child on path, waits until it reported stopAfter
// saved edits (or finished), waits extra, and kills it.
func runCrashChild(t *testing.T, path string, stopAfter int, extra time.Duration) crashRun {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestCrashChild$",
		"-test.count=1")
	cmd.Env = append(os.Environ(), crashEnvDB+"="+path)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())

	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()

	run := crashRun{saved: map[int]int64{}}
	read := func(line string) {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "draft":
			run.draftID, _ = strconv.ParseInt(f[1], 10, 64)
		case len(f) == 3 && f[0] == "saved":
			n, err1 := strconv.Atoi(f[1])
			v, err2 := strconv.ParseInt(f[2], 10, 64)
			if err1 == nil && err2 == nil {
				run.saved[n] = v
			}
		}
	}
	for len(run.saved) < stopAfter {
		line, ok := <-lines
		if !ok || line == "finished" {
			break
		}
		read(line)
	}
	time.Sleep(extra)
	require.NoError(t, cmd.Process.Kill())
	for line := range lines {
		read(line)
	}
	_ = cmd.Wait()
	return run
}

// verifyCrashRun opens the database after a kill and checks that every edit
// reported saved is there; it returns the draft's history length.
func verifyCrashRun(t *testing.T, s *store.Store, run crashRun) int {
	t.Helper()
	ctx := context.Background()
	h, err := s.History(ctx, run.draftID)
	require.NoError(t, err)

	for i, e := range h {
		require.Equal(t, int64(i+1), e.Version, "history has no gap")
		field, value := crashEdit(i)
		require.Equal(t, field, e.Field, "version %d", e.Version)
		require.Equal(t, norm.NFC.String(value), e.Value, "version %d", e.Version)
	}
	for n, v := range run.saved {
		require.Equal(t, int64(n+1), v, "edit %d reported version", n)
		require.Less(t, n, len(h), "edit %d reported saved is missing", n)
	}
	// At most one edit can be committed and not yet reported when killed.
	require.LessOrEqual(t, len(h), len(run.saved)+1)

	d, err := s.Draft(ctx, run.draftID)
	require.NoError(t, err)
	require.Equal(t, int64(len(h)), d.Version)
	for _, field := range crashFields {
		last := ""
		for _, e := range h {
			if e.Field == field {
				last = e.Value
			}
		}
		require.Equal(t, last, d.Fields[field], "field %s holds its last saved value", field)
	}
	return len(h)
}

func crashSeed(t *testing.T) uint64 {
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv(crashEnvSeed); v != "" {
		parsed, err := strconv.ParseUint(v, 10, 64)
		require.NoError(t, err)
		seed = parsed
	}
	t.Logf("seed %d (replay with %s=%d)", seed, crashEnvSeed, seed)
	return seed
}

func TestCrashNothingLost(t *testing.T) {
	runs := 20
	if testing.Short() {
		runs = 3
	}
	seed := crashSeed(t)
	rng := rand.New(rand.NewPCG(seed, 0))
	path := filepath.Join(t.TempDir(), "desk.db")
	ctx := context.Background()
	kept := map[int64]int{} // draft id -> history length after its run
	outbox := 0

	for i := range runs {
		stopAfter := rng.IntN(crashEdits + 1)
		extra := time.Duration(rng.IntN(3000)) * time.Microsecond
		if rng.IntN(5) == 0 {
			// Kill while the child starts: opening, checking, migrating.
			stopAfter, extra = 0, time.Duration(rng.IntN(20_000))*time.Microsecond
		}
		t.Logf("run %d: kill after %d saved edits + %v", i, stopAfter, extra)
		run := runCrashChild(t, path, stopAfter, extra)

		if run.draftID != 0 {
			st, err := os.Stat(path + "-wal")
			require.NoError(t, err, "run %d: a killed writer leaves its log", i)
			assert.Positive(t, st.Size(), "run %d: the log is hot", i)
		}
		s, err := store.Open(ctx, path)
		require.NoError(t, err, "run %d: open after kill", i)
		if run.draftID != 0 {
			kept[run.draftID] = verifyCrashRun(t, s, run)
			outbox += kept[run.draftID]
			t.Logf("run %d: %d edits reported saved, %d committed", i, len(run.saved),
				kept[run.draftID])
		}
		for draftID, n := range kept {
			h, err := s.History(ctx, draftID)
			require.NoError(t, err)
			require.Len(t, h, n, "run %d: earlier draft %d unchanged", i, draftID)
		}
		n, err := s.OutboxLen(ctx)
		require.NoError(t, err)
		require.Equal(t, outbox, n, "run %d: one outbox row per committed edit", i)
		require.NoError(t, s.Close())
	}
}

func TestOpenAfterKillWithHotLog(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "desk.db")
	run := runCrashChild(t, path, 200, 0)
	require.NotZero(t, run.draftID)

	for _, suffix := range []string{"-wal", "-shm"} {
		st, err := os.Stat(path + suffix)
		require.NoError(t, err)
		require.Positive(t, st.Size(), "%s left by the killed writer", suffix)
	}
	// The same files without the index, as a copy to a USB stick may leave.
	copied := filepath.Join(t.TempDir(), "desk.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(copied+suffix, b, 0o600))
	}
	copyKey(t, path, copied)

	for _, p := range []string{path, copied} {
		s, err := store.Open(ctx, p)
		require.NoError(t, err)
		n := verifyCrashRun(t, s, run)
		assert.GreaterOrEqual(t, n, 200)
		require.NoError(t, s.Close())
		_, err = os.Stat(p + "-wal")
		assert.ErrorIs(t, err, os.ErrNotExist, "a clean close folds the log in")
	}
}
