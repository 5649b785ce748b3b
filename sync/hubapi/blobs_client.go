package hubapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// ErrBlobDamaged is wrapped by DownloadBlob's error when the bytes that
// arrived do not match the blob's SHA-256; what arrived is dropped.
var ErrBlobDamaged = errors.New("blob damaged on the way: its SHA-256 does not match")

// maxMismatches is how many 409 answers in a row UploadBlob takes before it
// gives up for now: another upload of the same blob is under way.
const maxMismatches = 3

// BlobState asks how much of the blob with SHA-256 sha the hub has.
func (c *Client) BlobState(ctx context.Context, sha string) (BlobState, error) {
	resp, err := c.blobRequest(ctx, http.MethodHead, sha, nil, nil)
	if err != nil {
		return BlobState{}, fmt.Errorf("blob state: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return BlobState{}, fmt.Errorf("blob state: %w", bareError(resp))
	}
	st, err := readBlobState(resp.Header)
	if err != nil {
		return BlobState{}, fmt.Errorf("blob state: %w", err)
	}
	return st, nil
}

// PutBlob sends chunk, the bytes at offset of the blob with SHA-256 sha and
// size bytes in all, and returns how much of it the hub has now. When the
// hub's copy does not end at offset, the error is an *Error with
// CodeOffsetMismatch and the state says where it ends.
func (c *Client) PutBlob(ctx context.Context, sha string, size, offset int64,
	chunk []byte) (BlobState, error) {
	h := http.Header{}
	h.Set(HeaderUploadOffset, strconv.FormatInt(offset, 10))
	h.Set(HeaderUploadLength, strconv.FormatInt(size, 10))
	h.Set("Content-Type", "application/octet-stream")
	resp, err := c.blobRequest(ctx, http.MethodPut, sha, h, chunk)
	if err != nil {
		return BlobState{}, fmt.Errorf("put blob: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return BlobState{}, fmt.Errorf("put blob: read answer: %w", err)
	}
	switch resp.StatusCode {
	case http.StatusOK, http.StatusNoContent:
	case http.StatusConflict:
		st, serr := readBlobState(resp.Header)
		herr := errorFrom(resp.StatusCode, resp.Header, data)
		if serr != nil {
			return BlobState{}, fmt.Errorf("put blob: %w: %w", herr, serr)
		}
		return st, fmt.Errorf("put blob: %w", herr)
	default:
		return BlobState{}, fmt.Errorf("put blob: %w",
			errorFrom(resp.StatusCode, resp.Header, data))
	}
	st, err := readBlobState(resp.Header)
	if err != nil {
		return BlobState{}, fmt.Errorf("put blob: %w", err)
	}
	if resp.StatusCode == http.StatusOK && (!st.Complete || st.Offset != size) {
		return BlobState{}, fmt.Errorf("put blob: hub answered 200 at %d of %d bytes",
			st.Offset, size)
	}
	return st, nil
}

// UploadBlob sends the blob with SHA-256 sha, size bytes read from data,
// in chunks of BlobChunkBytes from where the hub's copy ends, and calls
// progress (if not nil) with the bytes the hub has after each answer. A
// blob the hub has already costs one HEAD. An error leaves on the hub what
// arrived: the next UploadBlob goes on from there, so a cut line resends
// at most one chunk. A blob over MaxBlobBytes gets an *Error with
// CodeTooLarge, a blob whose bytes do not match sha one with
// CodeChecksumMismatch.
func (c *Client) UploadBlob(ctx context.Context, sha string, data io.ReaderAt, size int64,
	progress func(sent int64)) error {
	st, err := c.BlobState(ctx, sha)
	if err != nil {
		return err
	}
	// Each chunk moves the hub's copy on, or the loop stops; the bound
	// leaves room for a few answers that move nothing.
	mismatches := 0
	for steps := int64(0); !st.Complete; steps++ {
		if steps > size/BlobChunkBytes+2*maxMismatches+2 {
			return fmt.Errorf("upload blob: no end after %d chunks", steps)
		}
		if st.Offset > size {
			return fmt.Errorf("upload blob: hub has %d bytes of %d", st.Offset, size)
		}
		chunk := make([]byte, min(BlobChunkBytes, size-st.Offset))
		if n, err := data.ReadAt(chunk, st.Offset); n < len(chunk) {
			return fmt.Errorf("upload blob: read %d of %d bytes at %d: %w", n, len(chunk),
				st.Offset, err)
		}
		next, err := c.PutBlob(ctx, sha, size, st.Offset, chunk)
		var he *Error
		switch {
		case errors.As(err, &he) && he.Code == CodeOffsetMismatch:
			if mismatches++; mismatches > maxMismatches {
				return err
			}
		case err != nil:
			return err
		case !next.Complete && next.Offset <= st.Offset && len(chunk) > 0:
			return fmt.Errorf("upload blob: hub stayed at %d bytes", st.Offset)
		default:
			mismatches = 0
		}
		st = next
		if progress != nil {
			progress(st.Offset)
		}
	}
	return nil
}

// readBlobState reads the Upload-Offset and Upload-Complete headers.
func readBlobState(h http.Header) (BlobState, error) {
	off, ok := ParseBlobNumber(h.Get(HeaderUploadOffset), MaxBlobBytes)
	if !ok {
		return BlobState{}, fmt.Errorf("hub sent %s %q", HeaderUploadOffset,
			clip(h.Get(HeaderUploadOffset)))
	}
	return BlobState{Offset: off, Complete: h.Get(HeaderUploadComplete) == "1"}, nil
}

// BlobRange fetches up to n bytes of the blob with SHA-256 sha from offset,
// and the blob's whole size. At the end of the blob it returns no bytes.
func (c *Client) BlobRange(ctx context.Context, sha string, offset, n int64) ([]byte, int64,
	error) {
	h := http.Header{}
	h.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-"+
		strconv.FormatInt(offset+n-1, 10))
	resp, err := c.blobRequest(ctx, http.MethodGet, sha, h, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("get blob: %w", err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusPartialContent, http.StatusOK, http.StatusRequestedRangeNotSatisfiable:
	default:
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		return nil, 0, fmt.Errorf("get blob: %w", errorFrom(resp.StatusCode, resp.Header, data))
	}
	data, total, err := readRange(resp, offset, n)
	if err != nil {
		return nil, 0, fmt.Errorf("get blob: %w", err)
	}
	return data, total, nil
}

// readRange reads a 206, 200 or 416 answer to a ranged GET at offset.
func readRange(resp *http.Response, offset, n int64) ([]byte, int64, error) {
	first, last, total, ok := ParseContentRange(resp.Header.Get("Content-Range"))
	switch {
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable:
		if !ok || first != -1 || offset != total {
			return nil, 0, fmt.Errorf("hub cannot send from %d", offset)
		}
		return nil, total, nil
	case resp.StatusCode == http.StatusOK:
		// The whole blob, as a server that ignores Range sends it.
		data, err := io.ReadAll(io.LimitReader(resp.Body, MaxBlobBytes+1))
		if err != nil {
			return nil, 0, err
		}
		if int64(len(data)) > MaxBlobBytes || offset > int64(len(data)) {
			return nil, 0, fmt.Errorf("whole blob of %d bytes from %d", len(data), offset)
		}
		return data[offset:min(int64(len(data)), offset+n)], int64(len(data)), nil
	case !ok || first != offset || last-first+1 > n:
		return nil, 0, fmt.Errorf("hub sent range %q for %d+%d", clip(
			resp.Header.Get("Content-Range")), offset, n)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, last-first+2))
	if err != nil {
		return nil, 0, err
	}
	if int64(len(data)) != last-first+1 {
		return nil, 0, fmt.Errorf("range of %d bytes brought %d", last-first+1, len(data))
	}
	return data, total, nil
}

// DownloadBlob fetches the blob with SHA-256 sha in ranges of
// BlobChunkBytes, going on after have (what an earlier, cut download
// brought), and calls progress (if not nil) with the bytes it has after
// each range. It returns the whole blob once its SHA-256 matches sha; on
// any other error it returns what it has so far, to go on from next time.
// A blob whose bytes do not match gives an error wrapping ErrBlobDamaged
// and nothing to go on from.
func (c *Client) DownloadBlob(ctx context.Context, sha string, have []byte,
	progress func(got int64)) ([]byte, error) {
	buf := have
	if int64(len(buf)) > MaxBlobBytes {
		buf = nil
	}
	for steps := 0; steps <= MaxBlobBytes/BlobChunkBytes+1; steps++ {
		data, total, err := c.BlobRange(ctx, sha, int64(len(buf)), BlobChunkBytes)
		if err != nil {
			return buf, err
		}
		buf = append(buf, data...)
		if progress != nil {
			progress(int64(len(buf)))
		}
		if int64(len(buf)) > total {
			return nil, fmt.Errorf("get blob: %d bytes of %d: %w", len(buf), total,
				ErrBlobDamaged)
		}
		if int64(len(buf)) == total {
			sum := sha256.Sum256(buf)
			if hex.EncodeToString(sum[:]) != sha {
				return nil, fmt.Errorf("get blob: %d bytes: %w", total, ErrBlobDamaged)
			}
			return buf, nil
		}
		if len(data) == 0 {
			return buf, fmt.Errorf("get blob: hub sent nothing at %d of %d", len(buf), total)
		}
	}
	return buf, fmt.Errorf("get blob: no end after %d ranges", MaxBlobBytes/BlobChunkBytes+1)
}

// blobRequest sends one request about a blob with the desk's token.
func (c *Client) blobRequest(ctx context.Context, method, sha string, h http.Header,
	body []byte) (*http.Response, error) {
	if !IsSHA256(sha) {
		return nil, fmt.Errorf("blob %q: not a SHA-256", clip(sha))
	}
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method,
		strings.TrimSuffix(c.BaseURL, "/")+BlobPath(sha), r)
	if err != nil {
		return nil, err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if body != nil {
		req.ContentLength = int64(len(body))
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	return c.httpClient().Do(req)
}

// bareError makes the error of an answer without a body (to HEAD) from
// its status alone.
func bareError(resp *http.Response) *Error {
	code := CodeBadRequest
	switch s := resp.StatusCode; {
	case s == http.StatusUnauthorized:
		code = CodeUnauthorized
	case s == http.StatusNotFound:
		code = CodeNotFound
	case s == http.StatusMethodNotAllowed:
		code = CodeMethodNotAllowed
	case s == http.StatusRequestEntityTooLarge:
		code = CodeTooLarge
	case s == http.StatusTooManyRequests || s >= 500:
		code = CodeUnavailable
	}
	return &Error{Status: resp.StatusCode, Code: code, Message: http.StatusText(resp.StatusCode),
		RetryAfter: ParseRetryAfter(resp.Header.Get("Retry-After"))}
}
