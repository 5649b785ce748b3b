package mail

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"text/template"
	"time"
)

// Test mailbox login, written to the passwd-file of the test server.
const (
	testUser     = "desk"
	testPassword = "desk-secret"
)

// dovecot is the test IMAP server, started on first use and stopped by
// TestMain, so that tests without it (and fuzzing) start no server.
var dovecot struct {
	once    sync.Once
	dir     string
	addr    string      // IMAP with STARTTLS, 127.0.0.1
	tlsAddr string      // IMAPS, 127.0.0.1
	tls     *tls.Config // trusts the server's throw-away certificate
	cmd     *exec.Cmd
	exited  chan struct{}
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	stopDovecot()
	os.Exit(code)
}

// needDovecot starts the test server if it is not running yet, and fails
// the test, saying how to install it, when it cannot.
func needDovecot(t testing.TB) {
	t.Helper()
	dovecot.once.Do(func() { dovecot.err = startDovecot() })
	if dovecot.err != nil {
		t.Fatalf("the mail tests need a local Dovecot: %v", dovecot.err)
	}
}

func startDovecot() error {
	bin, err := exec.LookPath("dovecot")
	if err != nil {
		bin = "/usr/sbin/dovecot"
		if _, err := os.Stat(bin); err != nil {
			return errors.New("dovecot is not installed: run `make test-deps` " +
				"(Debian package dovecot-imapd)")
		}
	}
	dir, err := os.MkdirTemp("", "tiepsuc-dovecot-")
	if err != nil {
		return err
	}
	dovecot.dir = dir
	// Dovecot's own users reach the folder; the mail user writes the maildirs.
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	vars, err := dovecotUsers()
	if err != nil {
		return err
	}
	if err := writeServerFiles(dir, vars); err != nil {
		return err
	}

	log, err := os.Create(filepath.Join(dir, "stderr.log"))
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "-F", "-c", filepath.Join(dir, "dovecot.conf"))
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start dovecot: %w", err)
	}
	dovecot.cmd = cmd
	dovecot.exited = make(chan struct{})
	go func() { cmd.Wait(); log.Close(); close(dovecot.exited) }()
	dovecot.addr = net.JoinHostPort("127.0.0.1", vars["Port"])
	dovecot.tlsAddr = net.JoinHostPort("127.0.0.1", vars["TLSPort"])
	return waitForPorts(dir, dovecot.addr, dovecot.tlsAddr)
}

// dovecotUsers picks the system users Dovecot runs as: its own Debian users
// and nobody for the mail when root, the current user otherwise.
func dovecotUsers() (map[string]string, error) {
	vars := map[string]string{
		"InternalUser": "dovecot", "InternalGroup": "dovecot", "LoginUser": "dovenull",
		"MailUser": "nobody", "MailGroup": "nogroup",
	}
	if os.Geteuid() != 0 {
		u, err := user.Current()
		if err != nil {
			return nil, err
		}
		g, err := user.LookupGroupId(u.Gid)
		if err != nil {
			return nil, err
		}
		for _, k := range []string{"InternalUser", "LoginUser", "MailUser"} {
			vars[k] = u.Username
		}
		vars["InternalGroup"], vars["MailGroup"] = g.Name, g.Name
	}
	for _, k := range []string{"Port", "TLSPort"} {
		p, err := freePort()
		if err != nil {
			return nil, err
		}
		vars[k] = strconv.Itoa(p)
	}
	return vars, nil
}

func writeServerFiles(dir string, vars map[string]string) error {
	vars["Dir"] = dir
	tmpl, err := template.ParseFiles(filepath.Join("testdata", "dovecot.conf"))
	if err != nil {
		return err
	}
	conf, err := os.Create(filepath.Join(dir, "dovecot.conf"))
	if err != nil {
		return err
	}
	defer conf.Close()
	if err := tmpl.Execute(conf, vars); err != nil {
		return err
	}
	users := fmt.Sprintf("%s:{PLAIN}%s::::::\n", testUser, testPassword)
	if err := os.WriteFile(filepath.Join(dir, "users"), []byte(users), 0o644); err != nil {
		return err
	}
	home := filepath.Join(dir, "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		return err
	}
	mailUser, err := user.Lookup(vars["MailUser"])
	if err != nil {
		return err
	}
	uid, _ := strconv.Atoi(mailUser.Uid)
	gid, _ := strconv.Atoi(mailUser.Gid)
	if err := os.Chown(home, uid, gid); err != nil {
		return err
	}
	return writeCert(dir)
}

// writeCert makes a throw-away certificate for 127.0.0.1 and a TLS config
// that trusts it.
func writeCert(dir string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "tiepsuc test mail server"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), certPEM, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "key.pem"), keyPEM, 0o600); err != nil {
		return err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	dovecot.tls = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitForPorts waits until the server answers on every address, or says
// what its log holds when it stopped or took too long.
func waitForPorts(dir string, addrs ...string) error {
	deadline := time.Now().Add(20 * time.Second)
	for _, addr := range addrs {
		for {
			conn, err := net.DialTimeout("tcp", addr, time.Second)
			if err == nil {
				conn.Close()
				break
			}
			select {
			case <-dovecot.exited:
				return fmt.Errorf("dovecot stopped at start:\n%s", serverLog(dir))
			default:
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("dovecot did not open %s:\n%s", addr, serverLog(dir))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return nil
}

func serverLog(dir string) string {
	var out []byte
	for _, name := range []string{"stderr.log", "dovecot.log"} {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		out = append(out, b...)
	}
	return string(out)
}

func stopDovecot() {
	if dovecot.cmd != nil && dovecot.cmd.Process != nil {
		dovecot.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-dovecot.exited:
		case <-time.After(10 * time.Second):
			dovecot.cmd.Process.Kill()
			<-dovecot.exited
		}
	}
	if dovecot.dir != "" {
		os.RemoveAll(dovecot.dir)
	}
}
