// Package mailtest runs a throw-away Dovecot IMAP server on 127.0.0.1 for
// the tests of the mail watcher and of everything that reads mail through
// it; it never listens anywhere else.
package mailtest

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
	"syscall"
	"text/template"

	_ "embed"
	"time"
)

// User and Password log in to the test mailbox.
const (
	User     = "desk"
	Password = "desk-secret"
)

// confTemplate is the server's configuration, filled in per run.
//
//go:embed dovecot.conf
var confTemplate string

// Server is a running test Dovecot.
type Server struct {
	// Dir holds its configuration, certificate, maildirs and logs.
	Dir string
	// Addr serves IMAP with STARTTLS, TLSAddr IMAP over TLS, on 127.0.0.1.
	Addr, TLSAddr string
	// TLS trusts the server's throw-away certificate.
	TLS *tls.Config

	cmd    *exec.Cmd
	exited chan struct{}
}

// Start starts a Dovecot on free ports of 127.0.0.1, or says how to
// install it when it is missing.
func Start() (*Server, error) {
	bin, err := exec.LookPath("dovecot")
	if err != nil {
		bin = "/usr/sbin/dovecot"
		if _, err := os.Stat(bin); err != nil {
			return nil, errors.New("dovecot is not installed: run `make test-deps` " +
				"(Debian package dovecot-imapd)")
		}
	}
	dir, err := os.MkdirTemp("", "tiepsuc-dovecot-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir}
	// Dovecot's own users reach the folder; the mail user writes the maildirs.
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	vars, err := dovecotUsers()
	if err != nil {
		return nil, err
	}
	if err := s.writeServerFiles(vars); err != nil {
		return nil, err
	}

	log, err := os.Create(filepath.Join(dir, "stderr.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-F", "-c", filepath.Join(dir, "dovecot.conf"))
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start dovecot: %w", err)
	}
	s.cmd = cmd
	s.exited = make(chan struct{})
	go func() { _ = cmd.Wait(); _ = log.Close(); close(s.exited) }()
	s.Addr = net.JoinHostPort("127.0.0.1", vars["Port"])
	s.TLSAddr = net.JoinHostPort("127.0.0.1", vars["TLSPort"])
	if err := s.waitForPorts(s.Addr, s.TLSAddr); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
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

// writeServerFiles writes the configuration, users, home and certificate.
func (s *Server) writeServerFiles(vars map[string]string) error {
	dir := s.Dir
	vars["Dir"] = dir
	tmpl, err := template.New("dovecot.conf").Parse(confTemplate)
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
	users := fmt.Sprintf("%s:{PLAIN}%s::::::\n", User, Password)
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
	return s.writeCert()
}

// writeCert makes a throw-away certificate for 127.0.0.1 and a TLS config
// that trusts it.
func (s *Server) writeCert() error {
	dir := s.Dir
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
	s.TLS = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return nil
}

// freePort asks the system for a free port on 127.0.0.1.
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
func (s *Server) waitForPorts(addrs ...string) error {
	dir := s.Dir
	deadline := time.Now().Add(20 * time.Second)
	for _, addr := range addrs {
		for {
			conn, err := net.DialTimeout("tcp", addr, time.Second)
			if err == nil {
				conn.Close()
				break
			}
			select {
			case <-s.exited:
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

// serverLog is what the server wrote, for a failure message.
func serverLog(dir string) string {
	var out []byte
	for _, name := range []string{"stderr.log", "dovecot.log"} {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		out = append(out, b...)
	}
	return string(out)
}

// Stop stops the server and removes its folder.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	}
	if s.Dir != "" {
		_ = os.RemoveAll(s.Dir)
	}
}
