package hubstore

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dialect carries what differs between SQLite and PostgreSQL.
type dialect struct {
	// name is "sqlite" or "postgres".
	name string
	// migrations is the folder of this engine's migrations.
	migrations string
	// serialise makes writes take a process mutex (SQLite).
	serialise bool
	// lockWrites starts every write transaction (PostgreSQL: one advisory
	// lock, so events commit in sequence order).
	lockWrites string
	// rebind rewrites ? placeholders.
	rebind func(string) string
	// ts turns a time into the value the engine stores.
	ts func(time.Time) any
}

// writeLockKey is the PostgreSQL advisory lock every hub write takes.
const writeLockKey = 7318_2025

var sqliteDialect = dialect{
	name:       "sqlite",
	migrations: "migrations/sqlite",
	serialise:  true,
	rebind:     func(q string) string { return q },
	ts:         func(t time.Time) any { return formatTime(t) },
}

var postgresDialect = dialect{
	name:       "postgres",
	migrations: "migrations/postgres",
	lockWrites: "SELECT pg_advisory_xact_lock(" + strconv.Itoa(writeLockKey) + ")",
	rebind:     dollarPlaceholders,
	ts:         func(t time.Time) any { return t.UTC() },
}

// dollarPlaceholders turns each ? into $1, $2…; the queries of this package
// have no ? inside literals.
func dollarPlaceholders(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// timeLayout keeps nine fraction digits so SQLite text times sort as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// formatTime writes t in UTC with timeLayout.
func formatTime(t time.Time) string {
	return t.UTC().Format(timeLayout)
}

// dbTime scans a time stored as text (SQLite) or as a timestamp
// (PostgreSQL); NULL leaves it zero.
type dbTime struct {
	T time.Time
}

// Scan reads a time value.
func (d *dbTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		d.T = time.Time{}
	case time.Time:
		d.T = x.UTC()
	case string:
		return d.parse(x)
	case []byte:
		return d.parse(string(x))
	default:
		return fmt.Errorf("scan time: unexpected %T", v)
	}
	return nil
}

// parse reads an RFC 3339 text time.
func (d *dbTime) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("scan time: %w", err)
	}
	d.T = t.UTC()
	return nil
}
