package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"tiepsuc/internal/citizen"
	"tiepsuc/internal/searchindex"
)

// benchDrafts is how many drafts the search benchmarks run against.
const benchDrafts = 100_000

// benchVersion names the cached benchmark database; change it when the
// made-up data changes. A hash of the schema is added to the name as well.
const benchVersion = "v2"

// benchKinds are the kinds of search measured, in the order reported.
var benchKinds = []string{"name-prefix-rare", "name-prefix-common", "full-name", "id", "phone"}

// benchDesk is the shared benchmark store and the searches to run on it.
type benchDesk struct {
	s       *Store
	queries map[string][]string
}

var (
	benchMu     sync.Mutex
	benchShared *benchDesk
)

// openBenchDesk opens the 100,000-draft store, building it the first time
// in a folder under os.TempDir that later runs reuse.
func openBenchDesk(b *testing.B) *benchDesk {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if benchShared != nil {
		return benchShared
	}
	people := benchPeople()
	dir := filepath.Join(os.TempDir(), "tiepsuc-search-bench-"+benchVersion+"-"+schemaHash())
	if _, err := os.Stat(filepath.Join(dir, "desk.db")); err != nil {
		removeStaleBenchDesks(dir)
		if err := buildBenchDesk(b, dir, people); err != nil {
			b.Fatal(err)
		}
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := Open(context.Background(), filepath.Join(dir, "desk.db"), WithLogger(quiet))
	if err != nil {
		b.Fatal(err)
	}
	benchShared = &benchDesk{s: s, queries: benchQueries(people)}
	return benchShared
}

// removeStaleBenchDesks deletes the cached benchmark stores of other data
// or schema versions, leaving keep and any still being built.
func removeStaleBenchDesks(keep string) {
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), "tiepsuc-search-bench-*"))
	for _, dir := range old {
		if dir != keep && !strings.Contains(filepath.Base(dir), ".build-") {
			_ = os.RemoveAll(dir)
		}
	}
}

// schemaHash names the schema the migrations make, so a cached benchmark
// store from another schema is never reused.
func schemaHash() string {
	h := sha256.New()
	for _, m := range migrations {
		h.Write([]byte(m.sql))
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
}

// benchCitizen is one made-up citizen of the benchmark store.
type benchCitizen struct {
	name, id, phone string
	anonymous       bool
}

// benchPeople makes the same made-up citizens on every run.
func benchPeople() []benchCitizen {
	r := rand.New(rand.NewPCG(4, 2025))
	out := make([]benchCitizen, benchDrafts)
	for i := range out {
		if r.IntN(100) < 5 {
			out[i].anonymous = true
			continue
		}
		out[i].name, out[i].id, out[i].phone = benchPerson(r)
	}
	return out
}

// buildBenchDesk writes the benchmark store into a new folder, then moves
// it to dir: the drafts in one transaction, their terms through the same
// rebuild that migration 0003 runs, and a table of folded names, compact
// identity numbers and phones for the LIKE comparison.
func buildBenchDesk(b *testing.B, dir string, people []benchCitizen) error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".build-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := Open(ctx, filepath.Join(tmp, "desk.db"), WithLogger(quiet))
	if err != nil {
		return err
	}
	defer s.Close()

	start := time.Now()
	if err := insertBenchDrafts(ctx, s, people); err != nil {
		return fmt.Errorf("insert drafts: %w", err)
	}
	inserted := time.Since(start)
	ix, err := s.searchIndex()
	if err != nil {
		return err
	}
	start = time.Now()
	if err := rebuildTerms(ctx, s.db, ix, s.keys, quiet); err != nil {
		return fmt.Errorf("build terms: %w", err)
	}
	b.Logf("built %d drafts in %v, their search terms in %v", len(people),
		inserted.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	if _, err := s.db.ExecContext(ctx, "PRAGMA optimize"); err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, dir)
}

// insertBenchDrafts stores a closed session and a draft for each citizen,
// all changed at made-up times over two years, the last twenty still open.
func insertBenchDrafts(ctx context.Context, s *Store, people []benchCitizen) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer rollback(tx)
	_, err = tx.ExecContext(ctx, "CREATE TABLE bench_like (draft_id INTEGER PRIMARY KEY,"+
		" name TEXT NOT NULL, id_number TEXT NOT NULL, phone TEXT NOT NULL)")
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO volunteers(id, name, created_at)"+
		" VALUES(1, 'Trần Thị Mai', '2024-01-01T00:00:00.000000000Z')")
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(7, 2025))
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	outcomes := []string{"done", "done", "done", "continue", "counter"}
	for i, p := range people {
		started := base.Add(time.Duration(r.Int64N(int64(2 * 365 * 24 * time.Hour))))
		updated := started.Add(time.Duration(r.Int64N(int64(3 * time.Hour))))
		state, outcome := "closed", outcomes[r.IntN(len(outcomes))]
		if i >= len(people)-20 {
			state, outcome = "open", ""
		}
		fields := map[string]string{"need.kind": "procedure"}
		for k, v := range map[string]string{FieldFullName: p.name, FieldIDNumber: p.id,
			FieldPhone: p.phone} {
			if v != "" {
				fields[k] = v
			}
		}
		id := int64(i + 1)
		uid := fmt.Sprintf("00000000-0000-7000-8000-%012x", id)
		sealed, err := s.keys.sealFields(id, uid, fields)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO sessions(id, volunteer_id, desk, started_at,"+
			" ended_at, state, outcome, anonymous) VALUES(?, 1, 'desk-1', ?, ?, ?, ?, ?)",
			id, formatTime(started), formatTime(updated), state, outcome, p.anonymous)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO drafts(id, session_id, version,"+
			" fields_sealed, updated_at, uid) VALUES(?, ?, 3, ?, ?, ?)", id, id, sealed,
			formatTime(updated), uid)
		if err != nil {
			return err
		}
		phone, _ := citizen.NormalisePhone(p.phone)
		idn, _ := searchindex.IDNumber(p.id)
		_, err = tx.ExecContext(ctx, "INSERT INTO bench_like VALUES(?, ?, ?, ?)", id,
			strings.Join(searchindex.NameWords(p.name), " "), idn, phone)
		if err != nil {
			return err
		}
	}
	return tx.Commit()
}

// benchQueries picks the searches of each kind from the made-up citizens:
// starts of words (of two letters or more) that fewer drafts hold than fill
// a page of results (200, 0.2 %), very common starts of words, whole names,
// identity numbers and phones typed as volunteers type them.
func benchQueries(people []benchCitizen) map[string][]string {
	counts := map[string]int{}
	for _, p := range people {
		seen := map[string]bool{}
		for _, w := range searchindex.NameWords(p.name) {
			r := []rune(w)
			for n := 2; n <= len(r); n++ {
				seen[string(r[:n])] = true
			}
		}
		for prefix := range seen {
			counts[prefix]++
		}
	}
	var rare []string
	for prefix, n := range counts {
		if n < defaultLimit {
			rare = append(rare, prefix)
		}
	}
	slices.Sort(rare)

	q := map[string][]string{
		"name-prefix-rare":   rare,
		"name-prefix-common": {"n", "ng", "nguy", "nguyen", "th", "thi", "van", "tr", "h", "le"},
	}
	r := rand.New(rand.NewPCG(9, 2025))
	for len(q["full-name"]) < 200 || len(q["id"]) < 200 || len(q["phone"]) < 200 {
		p := people[r.IntN(len(people))]
		if p.anonymous {
			continue
		}
		name := p.name
		if r.IntN(2) == 0 {
			name = strings.Join(searchindex.NameWords(name), " ")
		}
		q["full-name"] = append(q["full-name"], name)
		if p.id != "" {
			q["id"] = append(q["id"], p.id)
		}
		if phone, ok := citizen.NormalisePhone(p.phone); ok {
			if r.IntN(2) == 0 {
				phone = "+84 " + phone[1:4] + " " + phone[4:7] + " " + phone[7:]
			}
			q["phone"] = append(q["phone"], phone)
		}
	}
	return q
}

// BenchmarkSearch measures SearchDrafts on 100,000 drafts, each kind of
// search cycling through its queries, and reports the 50th and 95th
// percentile of one search in milliseconds.
func BenchmarkSearch(b *testing.B) {
	desk := openBenchDesk(b)
	ctx := context.Background()
	runBenchKinds(b, desk, func(text string) (int, error) {
		got, err := desk.s.SearchDrafts(ctx, DraftQuery{Text: text})
		return len(got), err
	})
}

// BenchmarkSearchLIKE runs the same searches as BenchmarkSearch as a plain
// scan with LIKE over folded names, compact identity numbers and phones
// kept in clear, for comparison.
func BenchmarkSearchLIKE(b *testing.B) {
	desk := openBenchDesk(b)
	ctx := context.Background()
	runBenchKinds(b, desk, func(text string) (int, error) {
		got, err := likeSearch(ctx, desk.s, text)
		return len(got), err
	})
}

// runBenchKinds runs search once per iteration for each kind of query.
func runBenchKinds(b *testing.B, desk *benchDesk, search func(string) (int, error)) {
	for _, kind := range benchKinds {
		b.Run(kind, func(b *testing.B) {
			queries := desk.queries[kind]
			var took []time.Duration
			rows := 0
			b.ReportAllocs()
			for b.Loop() {
				text := queries[len(took)%len(queries)]
				start := time.Now()
				n, err := search(text)
				took = append(took, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
				rows += n
			}
			slices.Sort(took)
			ms := func(p float64) float64 {
				return float64(took[int(p*float64(len(took)-1))]) / float64(time.Millisecond)
			}
			b.ReportMetric(ms(0.50), "p50-ms")
			b.ReportMetric(ms(0.95), "p95-ms")
			b.ReportMetric(float64(rows)/float64(len(took)), "rows/op")
		})
	}
}

// likeSearch is SearchDrafts without the index: every word of a name
// search must start a word of the folded name, and an identity number or
// phone is compared whole, by scanning the drafts newest first.
func likeSearch(ctx context.Context, s *Store, text string) ([]DraftSummary, error) {
	var (
		where []string
		args  []any
	)
	id, isID := searchindex.IDNumber(text)
	phone, isPhone := citizen.NormalisePhone(text)
	switch {
	case isID || isPhone:
		where = append(where, "(l.id_number LIKE ? OR l.phone LIKE ?)")
		args = append(args, "-", "-")
		if isID {
			args[0] = id
		}
		if isPhone {
			args[1] = phone
		}
	default:
		for _, w := range searchindex.NameWords(text) {
			where = append(where, "(' ' || l.name) LIKE ?")
			args = append(args, "% "+w+"%")
		}
	}
	query := "SELECT " + summaryColumns + " FROM drafts d JOIN sessions s ON s.id = d.session_id" +
		" JOIN bench_like l ON l.draft_id = d.id WHERE s.anonymous = 0 AND " +
		strings.Join(where, " AND ") + " ORDER BY d.updated_at DESC, d.id DESC LIMIT ?"
	return s.summaries(ctx, query, append(args, defaultLimit)...)
}

// BenchmarkSetFieldIndexed measures one committed edit of a draft that has a
// name, an identity number and a phone, so its search terms are written
// again with its new updated_at; compare BenchmarkSetField.
func BenchmarkSetFieldIndexed(b *testing.B) {
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := Open(ctx, filepath.Join(b.TempDir(), "desk.db"), WithLogger(quiet))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	v, err := s.EnsureVolunteer(ctx, "Trần Thị Mai")
	if err != nil {
		b.Fatal(err)
	}
	sess, err := s.StartSession(ctx, NewSession{VolunteerID: v.ID, Consents: []Consent{
		{Purpose: PurposeKeepDetails, Granted: true, TextVersion: "v1"}}})
	if err != nil {
		b.Fatal(err)
	}
	for field, value := range map[string]string{FieldFullName: "Nguyễn Thị Ánh Tuyết",
		FieldIDNumber: "075301234567", FieldPhone: "0912345678"} {
		if _, err := s.SetField(ctx, sess.DraftID, field, value); err != nil {
			b.Fatal(err)
		}
	}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		note := fmt.Sprint("ghi chú ", i)
		if _, err := s.SetField(ctx, sess.DraftID, FieldNotes, note); err != nil {
			b.Fatal(err)
		}
	}
}
