package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/guides"
	"tiepsuc/sync/engine/enginetest"
	"tiepsuc/sync/hub/hubstore"
)

func TestGuidesPublish(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite://" + filepath.Join(dir, "hub.db")
	db := "--db=" + dsn
	builtin, err := guides.BuiltinVersion()
	require.NoError(t, err)
	write := func(name string, zip []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, zip, 0o600))
		return p
	}
	publish := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"guides", "publish"}, args...), &out,
			&out)
		return out.String(), err
	}

	out, err := publish(db, write("guides-5.zip", enginetest.GuidePack(t, builtin+4, nil)))
	require.NoError(t, err, out)
	assert.Contains(t, out, "guides-5.zip: ", "the check's summary names the pack")
	assert.Contains(t, out, "published")
	assert.NotContains(t, out, "warning: this release")

	// A pack that fails the check is refused with the check's findings.
	broken := enginetest.GuidePack(t, builtin+5, func(f map[string][]byte) {
		f["vneid-activate.json"] = bytes.Replace(f["vneid-activate.json"],
			[]byte(`"en"`), []byte(`"em"`), 1)
	})
	out, err = publish(write("broken.zip", broken), db)
	assert.ErrorContains(t, err, "broken.zip fails the guide check")
	assert.ErrorContains(t, err, "nothing was published")
	assert.Contains(t, out, `vneid-activate.json: title.en: missing`)

	// An older or equal version is refused, saying which one is published.
	for _, v := range []int{builtin + 4, builtin + 3} {
		_, err = publish(db, write("old.zip", enginetest.GuidePack(t, v, nil)))
		assert.ErrorContains(t, err, "not newer than version "+strconv.Itoa(builtin+4))
	}

	// A folder, a missing file, two files, a file over 20 MiB.
	_, err = publish(db, dir)
	assert.ErrorContains(t, err, "is a folder")
	_, err = publish(db, filepath.Join(dir, "nope.zip"))
	assert.Error(t, err)
	_, err = publish(db, "a.zip", "b.zip")
	assert.ErrorContains(t, err, "give one guide pack zip file")
	_, err = publish(db, write("huge.zip", make([]byte, 20<<20+1)))
	assert.ErrorContains(t, err, "at most 20971520")

	st, err := hubstore.Open(context.Background(), dsn)
	require.NoError(t, err)
	packs, err := st.GuidePacks(context.Background())
	require.NoError(t, err)
	require.NoError(t, st.Close())
	require.Len(t, packs, 1, "only the good pack was kept")
	assert.Equal(t, builtin+4, packs[0].Version)

	listed := hubRun(t, "guides", "list", db)
	assert.Contains(t, listed, packs[0].SHA256)
}

func TestGuidesPublishWarnsWhenDesksHaveNewerBuiltIns(t *testing.T) {
	dir := t.TempDir()
	builtin, err := guides.BuiltinVersion()
	require.NoError(t, err)
	p := filepath.Join(dir, "same.zip")
	require.NoError(t, os.WriteFile(p, enginetest.GuidePack(t, builtin, nil), 0o600))
	out := hubRun(t, "guides", "publish", "--db=sqlite://"+filepath.Join(dir, "hub.db"), p)
	assert.Contains(t, out, "warning: this release's built-in guides are version "+
		strconv.Itoa(builtin))
	assert.Contains(t, hubRun(t, "guides", "list", "--db=sqlite://"+
		filepath.Join(dir, "hub2.db")), "no guide pack published yet")
}
