package hub

import (
	"math"
	"net/netip"
	"sync"
	"time"
)

// Rate is a token bucket: Burst requests at once, then one more each Every.
// A Rate with a zero Burst or Every limits nothing.
type Rate struct {
	// Every is the time it takes to earn one more request.
	Every time.Duration
	// Burst is the most requests that may come at once.
	Burst int
}

// off reports whether r limits nothing.
func (r Rate) off() bool { return r.Burst <= 0 || r.Every <= 0 }

// Limits are the hub's rate limits. A limited request is answered 429
// with a Retry-After header in whole seconds.
type Limits struct {
	// PerAddress bounds every request of one client address (an IPv6 /64
	// counts as one address), before its token is read.
	PerAddress Rate
	// PerDesk bounds the requests of one enrolled desk, after its token
	// is read.
	PerDesk Rate
	// EnrolPerAddress bounds the wrong enrolment codes sent from one
	// address; right codes cost nothing.
	EnrolPerAddress Rate
	// EnrolHubWide bounds the wrong enrolment codes sent to the hub from
	// all addresses together.
	EnrolHubWide Rate
	// Exempt are client addresses the per-address limits pass over: a
	// reverse proxy on the hub's own machine, behind which every desk
	// shares one address. Per-desk and hub-wide limits still apply.
	Exempt []netip.Prefix
}

// DefaultLimits are the limits of `hub serve`. A desk syncs every 30 s
// with a few requests; a first sync of 10,000 drafts is about 50 pushes,
// inside one burst. A commune office with several desks behind one address
// stays far under the per-address rate. Wrong enrolment codes: 10 a minute
// from one address, 20 a minute in all. The loopback addresses are exempt
// from the per-address limits (a local reverse proxy), not from the rest.
func DefaultLimits() Limits {
	return Limits{
		PerAddress:      Rate{Every: 50 * time.Millisecond, Burst: 600},
		PerDesk:         Rate{Every: 100 * time.Millisecond, Burst: 200},
		EnrolPerAddress: Rate{Every: 6 * time.Second, Burst: 10},
		EnrolHubWide:    Rate{Every: 3 * time.Second, Burst: 20},
		Exempt: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"),
			netip.MustParsePrefix("::1/128")},
	}
}

// maxBucketKeys bounds the memory the per-address and per-desk buckets
// take: about 100 bytes each.
const maxBucketKeys = 50_000

// bucket is one key's tokens as of a moment.
type bucket struct {
	tokens float64
	at     time.Time
}

// buckets are token buckets by key (an address, a desk id, or "" for one
// hub-wide bucket), safe for concurrent use.
type buckets struct {
	rate Rate
	mu   sync.Mutex
	m    map[string]*bucket
}

// newBuckets returns the buckets of a rate.
func newBuckets(r Rate) *buckets {
	return &buckets{rate: r, m: map[string]*bucket{}}
}

// fill brings b's tokens up to now.
func (l *buckets) fill(b *bucket, now time.Time) {
	if now.After(b.at) {
		earned := float64(now.Sub(b.at)) / float64(l.rate.Every)
		b.tokens = math.Min(float64(l.rate.Burst), b.tokens+earned)
		b.at = now
	}
}

// take spends a token of key. When none is left it spends nothing and
// returns how long until one is.
func (l *buckets) take(key string, now time.Time) (bool, time.Duration) {
	if l == nil || l.rate.off() {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.m[key]
	if !ok {
		l.makeRoom(now)
		b = &bucket{tokens: float64(l.rate.Burst), at: now}
		l.m[key] = b
	}
	l.fill(b, now)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * float64(l.rate.Every))
}

// giveBack returns a token take spent, for an attempt that turned out not
// to count (a right enrolment code).
func (l *buckets) giveBack(key string, now time.Time) {
	if l == nil || l.rate.off() {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.m[key]; ok {
		l.fill(b, now)
		b.tokens = math.Min(float64(l.rate.Burst), b.tokens+1)
	}
}

// makeRoom drops the buckets that are full again, which a fresh bucket
// would equal, once the map holds maxBucketKeys. If every key is still
// spending (requests from more addresses than that), all are dropped: the
// per-address limits cannot help against so many addresses, and the
// hub-wide enrolment limit, a single key, never gets here.
func (l *buckets) makeRoom(now time.Time) {
	if len(l.m) < maxBucketKeys {
		return
	}
	for k, b := range l.m {
		l.fill(b, now)
		if b.tokens >= float64(l.rate.Burst) {
			delete(l.m, k)
		}
	}
	if len(l.m) >= maxBucketKeys {
		clear(l.m)
	}
}

// AddressKey returns the key the per-address limits count a client under,
// from an http.Request's RemoteAddr ("host:port"): the IPv4 address, or
// the /64 network of an IPv6 address, since one home or office gets a
// whole /64. It returns "" for an address in exempt, and "?" for a
// RemoteAddr that cannot be read, so such clients share one bucket.
func AddressKey(remoteAddr string, exempt []netip.Prefix) string {
	ap, err := netip.ParseAddrPort(remoteAddr)
	var addr netip.Addr
	if err == nil {
		addr = ap.Addr()
	} else if addr, err = netip.ParseAddr(remoteAddr); err != nil {
		return "?"
	}
	addr = addr.Unmap().WithZone("")
	for _, p := range exempt {
		if p.Contains(addr) {
			return ""
		}
	}
	if addr.Is4() {
		return addr.String()
	}
	return netip.PrefixFrom(addr, 64).Masked().String()
}

// retryAfter is the whole seconds, at least one, to put in a Retry-After
// header for a wait.
func retryAfter(wait time.Duration) int {
	return max(1, int(math.Ceil(wait.Seconds())))
}
