package hub_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"tiepsuc/sync/hub"
	"tiepsuc/sync/hubapi"
)

// pushDrafts is how many queued drafts BenchmarkPush sends per round.
const pushDrafts = 10_000

// BenchmarkPush sends 10,000 queued drafts to a local hub over HTTPS, in
// batches of 500 and one request per draft, and reports drafts/s.
func BenchmarkPush(b *testing.B) {
	for _, backend := range backends {
		for _, batch := range []int{hubapi.MaxBatch, 1} {
			b.Run(fmt.Sprintf("%s/batch=%d", backend, batch), func(b *testing.B) {
				// One desk sending 10,000 requests at full speed is what the
				// per-desk limit stops; here the hub's own speed is measured.
				h := startHubWith(b, newDSN(b, backend), b.TempDir(), quiet(),
					hub.WithLimits(hub.Limits{}))
				desk, _ := h.enrolDesk(b, "Tam Hiệp", "Bàn 1")
				ctx := context.Background()
				b.ReportAllocs()
				for b.Loop() {
					queue := make([]hubapi.Change, pushDrafts)
					for i := range queue {
						queue[i] = change(newDraftID(b), 0, 1, "benchmark draft")
					}
					for len(queue) > 0 {
						n := min(batch, len(queue))
						resp, err := desk.Push(ctx, queue[:n])
						require.NoError(b, err)
						require.Equal(b, hubapi.StatusApplied, resp.Results[n-1].Status)
						queue = queue[n:]
					}
				}
				b.ReportMetric(float64(pushDrafts*b.N)/b.Elapsed().Seconds(), "drafts/s")
			})
		}
	}
}

// Load-test shape: 300 desks in 10 communes; every 30 s each desk pushes
// the edits of its last half minute and pulls. Time is compressed: each
// round starts all 300 desks at once, the worst moment of a real half
// minute, and the next round starts as soon as the last desk is done.
const (
	loadDesks    = 300
	loadCommunes = 10
	loadEdits    = 3
)

// loadDesk is one desk of the load test.
type loadDesk struct {
	client *hubapi.Client
	cursor int64
	drafts []string
	vers   []int64
}

// cycle is one sync of a desk: push its new edits, then pull.
func (d *loadDesk) cycle(ctx context.Context, tb testing.TB) time.Duration {
	start := time.Now()
	changes := make([]hubapi.Change, len(d.drafts))
	for i, id := range d.drafts {
		changes[i] = change(id, d.vers[i], d.vers[i]+1, "load")
		d.vers[i]++
	}
	resp, err := d.client.Push(ctx, changes)
	if err != nil {
		tb.Error(err)
		return time.Since(start)
	}
	for _, r := range resp.Results {
		if r.Status != hubapi.StatusApplied {
			tb.Errorf("push answered %s", r.Status)
		}
	}
	for more := true; more; {
		p, err := d.client.Pull(ctx, d.cursor, hubapi.MaxPullLimit)
		if err != nil {
			tb.Error(err)
			break
		}
		d.cursor, more = p.NextCursor, p.More
	}
	return time.Since(start)
}

// round runs one cycle of every desk at once and returns their durations.
func round(ctx context.Context, tb testing.TB, desks []*loadDesk) []time.Duration {
	out := make([]time.Duration, len(desks))
	var wg sync.WaitGroup
	for i, d := range desks {
		wg.Go(func() { out[i] = d.cycle(ctx, tb) })
	}
	wg.Wait()
	return out
}

// BenchmarkDesks300 reports p50/p99 latency of a desk's sync (push of its
// edits + pull) when 300 desks sync against one hub at the same moment.
func BenchmarkDesks300(b *testing.B) {
	for _, backend := range backends {
		b.Run(backend, func(b *testing.B) {
			ctx := context.Background()
			h := newHub(b, backend)
			desks := make([]*loadDesk, loadDesks)
			for i := range desks {
				c, _ := h.enrolDesk(b, fmt.Sprintf("Xã %d", i%loadCommunes),
					fmt.Sprintf("Bàn %d", i))
				d := &loadDesk{client: c, vers: make([]int64, loadEdits)}
				for range loadEdits {
					d.drafts = append(d.drafts, newDraftID(b))
				}
				desks[i] = d
			}
			round(ctx, b, desks) // connections and first versions

			var all []time.Duration
			var rounds time.Duration
			b.ReportAllocs()
			for b.Loop() {
				start := time.Now()
				all = append(all, round(ctx, b, desks)...)
				rounds += time.Since(start)
			}
			slices.Sort(all)
			ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
			b.ReportMetric(ms(all[len(all)/2]), "p50-ms")
			b.ReportMetric(ms(all[len(all)*99/100]), "p99-ms")
			b.ReportMetric(ms(rounds)/float64(b.N), "round-ms")
		})
	}
}
