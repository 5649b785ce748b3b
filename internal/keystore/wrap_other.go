//go:build !windows

package keystore

// nativeScheme is how this system keeps the key: in a file of mode 0600.
// A desk PC seldom runs a secret service (GNOME Keyring, KWallet) that an
// unattended start could unlock, so none is asked.
const nativeScheme = schemeFile

// wrap returns the key as the file keeps it: as it is.
func wrap(key []byte) ([]byte, error) {
	return append([]byte(nil), key...), nil
}

// unwrap returns the key a file of schemeFile keeps.
func unwrap(blob []byte) ([]byte, error) {
	if len(blob) != KeySize {
		return nil, ErrBadKey
	}
	return append([]byte(nil), blob...), nil
}
