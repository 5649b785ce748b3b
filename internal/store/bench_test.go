package store_test

import (
	"context"
	"strconv"
	"testing"

	"tiepsuc/internal/store"
)

// BenchmarkSetField measures one committed, synced edit: the draft update,
// its history row and its outbox snapshot, fsync included.
func BenchmarkSetField(b *testing.B) {
	ctx := context.Background()
	s, _ := openTemp(b)
	sess := start(b, s, true)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		if _, err := s.SetField(ctx, sess.DraftID, store.FieldNotes,
			"ghi chú "+strconv.Itoa(i)); err != nil {
			b.Fatal(err)
		}
	}
}
