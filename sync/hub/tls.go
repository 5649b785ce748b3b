package hub

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
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"time"

	"tiepsuc/sync/hubapi"
)

// Names of the self-signed certificate files in the hub's data folder.
const (
	certFileName = "hub-cert.pem"
	keyFileName  = "hub-key.pem"
)

// certLifetime is how long a generated certificate is valid; desks pin it,
// so a long life saves re-pinning every desk.
const certLifetime = 2 * 365 * 24 * time.Hour

// LoadCert reads a real certificate and key (PEM files), e.g. from the
// province's certificate authority.
func LoadCert(certFile, keyFile string) (tls.Certificate, error) {
	c, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("load certificate: %w", err)
	}
	return c, nil
}

// SelfSignedCert returns the self-signed certificate kept in dir, making a
// new one (ECDSA P-256) when there is none, when it expires within 30 days,
// or when it does not name every host. Hosts are DNS names or IP addresses;
// 127.0.0.1 and localhost are always included.
func SelfSignedCert(dir string, hosts []string, now time.Time) (tls.Certificate, bool, error) {
	hosts = append([]string{"127.0.0.1", "localhost"}, hosts...)
	certPath, keyPath := filepath.Join(dir, certFileName), filepath.Join(dir, keyFileName)
	c, err := tls.LoadX509KeyPair(certPath, keyPath)
	if err == nil && c.Leaf != nil && coversHosts(c.Leaf, hosts) &&
		now.Add(30*24*time.Hour).Before(c.Leaf.NotAfter) {
		return c, false, nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return tls.Certificate{}, false, fmt.Errorf("self-signed certificate: %w", err)
	}
	c, err = makeSelfSigned(certPath, keyPath, hosts, now)
	if err != nil {
		return tls.Certificate{}, false, fmt.Errorf("self-signed certificate: %w", err)
	}
	return c, true, nil
}

// coversHosts reports whether the certificate names every host.
func coversHosts(leaf *x509.Certificate, hosts []string) bool {
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			if !slices.ContainsFunc(leaf.IPAddresses, ip.Equal) {
				return false
			}
		} else if !slices.Contains(leaf.DNSNames, h) {
			return false
		}
	}
	return true
}

// makeSelfSigned writes a new key and certificate and returns them.
func makeSelfSigned(certPath, keyPath string, hosts []string,
	now time.Time) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "Tiếp Sức hub", Organization: []string{"Tiếp Sức"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(certLifetime),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			if !slices.ContainsFunc(tmpl.IPAddresses, ip.Equal) {
				tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
			}
		} else if h != "" && !slices.Contains(tmpl.DNSNames, h) {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return tls.Certificate{}, err
	}
	if err := os.MkdirAll(filepath.Dir(certPath), 0o700); err != nil {
		return tls.Certificate{}, err
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	if err := os.WriteFile(keyPath, keyPEM, 0o600); err != nil {
		return tls.Certificate{}, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(certPath, certPEM, 0o644); err != nil {
		return tls.Certificate{}, err
	}
	return tls.X509KeyPair(certPEM, keyPEM)
}

// CertFingerprint returns the SHA-256 fingerprint a desk pins.
func CertFingerprint(c tls.Certificate) string {
	if len(c.Certificate) == 0 {
		return ""
	}
	return hubapi.Fingerprint(c.Certificate[0])
}
