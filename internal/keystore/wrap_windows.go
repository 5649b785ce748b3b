//go:build windows

package keystore

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

// nativeScheme is how this system keeps the key: wrapped by DPAPI for the
// signed-in user, so the file opens only for that user on this computer.
const nativeScheme = schemeDPAPI

// entropy is DPAPI's extra secret for this key: another program of the
// same user that asks DPAPI to unwrap the file without it is refused.
var entropy = []byte("tiepsuc data key v1")

// description is stored, unencrypted, inside the blob to name it.
const description = "Tiep Suc data key"

// wrap protects the key with CryptProtectData for the current user.
func wrap(key []byte) ([]byte, error) {
	name, err := windows.UTF16PtrFromString(description)
	if err != nil {
		return nil, err
	}
	var out windows.DataBlob
	err = windows.CryptProtectData(blobOf(key), name, blobOf(entropy), 0, nil,
		windows.CRYPTPROTECT_UI_FORBIDDEN, &out)
	if err != nil {
		return nil, fmt.Errorf("dpapi protect: %w", err)
	}
	return takeBlob(&out), nil
}

// unwrap opens a DPAPI blob made by wrap; a blob of another user or
// computer, or a changed one, gives ErrUnwrap.
func unwrap(blob []byte) ([]byte, error) {
	if len(blob) == 0 {
		return nil, ErrBadKey
	}
	var out windows.DataBlob
	err := windows.CryptUnprotectData(blobOf(blob), nil, blobOf(entropy), 0, nil,
		windows.CRYPTPROTECT_UI_FORBIDDEN, &out)
	if err != nil {
		return nil, fmt.Errorf("dpapi unprotect: %w: %w", ErrUnwrap, err)
	}
	return takeBlob(&out), nil
}

// blobOf points a DPAPI blob at b, which must stay alive during the call.
func blobOf(b []byte) *windows.DataBlob {
	if len(b) == 0 {
		return &windows.DataBlob{}
	}
	return &windows.DataBlob{Size: uint32(len(b)), Data: &b[0]}
}

// takeBlob copies a blob DPAPI allocated into Go memory, wipes it and frees it.
func takeBlob(b *windows.DataBlob) []byte {
	if b.Data == nil {
		return nil
	}
	src := unsafe.Slice(b.Data, b.Size)
	out := append([]byte(nil), src...)
	clear(src)
	_, _ = windows.LocalFree(windows.Handle(unsafe.Pointer(b.Data)))
	return out
}
