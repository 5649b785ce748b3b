// Package pgtest starts a throw-away PostgreSQL cluster from Debian's
// packages for the hub's tests, on 127.0.0.1 and a free port.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// Cluster is a running throw-away PostgreSQL server.
type Cluster struct {
	dir  string
	port int
	cmd  *exec.Cmd
	done chan error
	n    atomic.Int64
}

// binDir finds the newest Debian PostgreSQL binaries.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("PostgreSQL binaries not found under /usr/lib/postgresql;" +
		" run `make test-deps` (installs Debian's postgresql)")
}

// version reads the major version out of /usr/lib/postgresql/N/bin.
func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// credential returns how to run the server: as the postgres user when we
// are root (initdb refuses root), else as ourselves.
func credential() (*syscall.SysProcAttr, int, int, error) {
	// A test binary killed before Stop takes its server with it.
	attr := &syscall.SysProcAttr{Pdeathsig: syscall.SIGINT}
	if os.Geteuid() != 0 {
		return attr, -1, -1, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, 0, 0, fmt.Errorf("running as root needs the postgres user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	attr.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	return attr, uid, gid, nil
}

// Start makes a cluster in a new folder under parent and starts it.
func Start(parent string) (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	attr, uid, gid, err := credential()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, "pg")
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	if uid >= 0 {
		// The server user must reach its folder.
		if err := os.Chmod(parent, 0o755); err != nil {
			return nil, fmt.Errorf("pgtest: %w", err)
		}
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, fmt.Errorf("pgtest: %w", err)
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres",
		"--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
	initdb.SysProcAttr = attr
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pgtest: initdb: %w\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, port: port, done: make(chan error, 1)}
	c.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-k", dir,
		"-p", strconv.Itoa(port), "-h", "127.0.0.1", "-c", "fsync=off",
		"-c", "max_connections=200", "-c", "shared_buffers=64MB")
	c.cmd.SysProcAttr = attr
	logf, err := os.Create(filepath.Join(dir, "server.log"))
	if err == nil {
		c.cmd.Stdout, c.cmd.Stderr = logf, logf
	}
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("pgtest: start postgres: %w", err)
	}
	go func() { c.done <- c.cmd.Wait() }()
	if err := c.waitReady(30 * time.Second); err != nil {
		c.Stop()
		log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		return nil, fmt.Errorf("pgtest: %w\n%s", err, log)
	}
	return c, nil
}

// freePort asks the kernel for a free TCP port on 127.0.0.1.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgtest: free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// DSN returns the address of a database of the cluster.
func (c *Cluster) DSN(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

// waitReady polls until the server accepts connections.
func (c *Cluster) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		db, err := sql.Open("pgx", c.DSN("postgres"))
		if err == nil {
			err = db.Ping()
			db.Close()
		}
		if err == nil {
			return nil
		}
		select {
		case werr := <-c.done:
			return fmt.Errorf("postgres exited: %v", werr)
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres not ready: %w", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// NewDatabase creates an empty database and returns its address.
func (c *Cluster) NewDatabase(ctx context.Context) (string, error) {
	name := fmt.Sprintf("hub_%d", c.n.Add(1))
	db, err := sql.Open("pgx", c.DSN("postgres"))
	if err != nil {
		return "", fmt.Errorf("pgtest: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("pgtest: create database: %w", err)
	}
	return c.DSN(name), nil
}

// Stop shuts the server down (fast shutdown) and removes its folder.
func (c *Cluster) Stop() {
	if c.cmd.Process != nil {
		c.cmd.Process.Signal(syscall.SIGINT) //nolint:errcheck // it may be gone
		select {
		case <-c.done:
		case <-time.After(20 * time.Second):
			c.cmd.Process.Kill() //nolint:errcheck // last resort
			<-c.done
		}
	}
	os.RemoveAll(c.dir)
}

// Dir is the cluster's folder: its data files, socket and log.
func (c *Cluster) Dir() string {
	return c.dir
}

// Needed reports whether a test binary's run needs the cluster: not when
// it only lists tests, runs a fuzz target, or is a fuzzing worker. Call it
// after flag.Parse.
func Needed() bool {
	for _, name := range []string{"test.list", "test.fuzz"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return false
		}
	}
	f := flag.Lookup("test.fuzzworker")
	return f == nil || f.Value.String() != "true"
}

// Main is a test binary's TestMain body: when its tests need PostgreSQL it
// starts a cluster in a temp folder, hands it to use, runs the tests and
// stops the cluster; it returns the exit code for os.Exit.
func Main(m *testing.M, what string, use func(*Cluster)) int {
	flag.Parse()
	if !Needed() {
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "pgtest")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	c, err := Start(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, what+" need PostgreSQL:", err)
		return 1
	}
	defer c.Stop()
	use(c)
	return m.Run()
}
