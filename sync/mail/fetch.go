package mail

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"
)

// maxTextFetch bounds what is fetched of one text part of a big mail.
const maxTextFetch = 2 << 20

// fetchBatch fetches one batch of mails: sizes and envelopes first, then the
// whole of each small mail and only the header and text parts of big ones.
func (w *Watcher) fetchBatch(c *client.Client, uids []uint32, validity uint32) ([]Fetched, error) {
	meta, err := fetch(c, uids, []imap.FetchItem{imap.FetchUid, imap.FetchRFC822Size,
		imap.FetchEnvelope})
	if err != nil {
		return nil, fmt.Errorf("fetch sizes: %w", err)
	}
	maxSize := uint32(positive(int(w.MaxSize), DefaultMaxSize))
	var small []uint32
	for _, uid := range uids {
		if m, ok := meta[uid]; ok && m.Size <= maxSize {
			small = append(small, uid)
		}
	}

	whole := &imap.BodySectionName{Peek: true}
	bodies := map[uint32]*imap.Message{}
	if len(small) > 0 {
		bodies, err = fetch(c, small, []imap.FetchItem{imap.FetchUid, whole.FetchItem()})
		if err != nil {
			return nil, fmt.Errorf("fetch mails: %w", err)
		}
	}

	var out []Fetched
	for _, uid := range uids {
		m, ok := meta[uid]
		if !ok {
			continue // expunged since the search
		}
		f := Fetched{Ref: envelopeRef(validity, uid, m.Envelope), Size: m.Size}
		if b, ok := bodies[uid]; ok {
			f.Raw = readLiteral(b.GetBody(whole))
		} else if m.Size > maxSize {
			raw, err := fetchTextParts(c, uid)
			if err != nil && c.State() == imap.LogoutState {
				return nil, fmt.Errorf("fetch text of big mail %d: %w", uid, err)
			}
			// A mail the server cannot take apart is listed, not retried forever.
			f.Raw, f.Partial, f.Problem = raw, true, err
		}
		out = append(out, f)
	}
	return out, nil
}

func envelopeRef(validity, uid uint32, env *imap.Envelope) MailRef {
	ref := MailRef{UIDValidity: validity, UID: uid}
	if env != nil {
		ref.MessageID = strings.Trim(strings.TrimSpace(env.MessageId), "<>")
		ref.Date = env.Date
	}
	return ref
}

// fetch runs one UID FETCH and returns the answers by UID.
func fetch(c *client.Client, uids []uint32, items []imap.FetchItem) (map[uint32]*imap.Message,
	error) {
	set := new(imap.SeqSet)
	set.AddNum(uids...)
	ch := make(chan *imap.Message, 16)
	done := make(chan error, 1)
	go func() { done <- c.UidFetch(set, items, ch) }()
	out := map[uint32]*imap.Message{}
	for m := range ch {
		if m.Uid != 0 {
			out[m.Uid] = m
		}
	}
	return out, <-done
}

// fetchTextParts rebuilds a big mail from its header and its text parts,
// read by BODYSTRUCTURE, leaving attachments on the server. Multipart
// boundaries and part headers are the original ones, so Parse reads the
// rebuilt mail as it would the whole one.
func fetchTextParts(c *client.Client, uid uint32) ([]byte, error) {
	got, err := fetch(c, []uint32{uid}, []imap.FetchItem{imap.FetchUid,
		imap.FetchBodyStructure})
	if err != nil {
		return nil, err
	}
	m, ok := got[uid]
	if !ok || m.BodyStructure == nil {
		return nil, fmt.Errorf("no body structure")
	}

	a := &assembler{}
	a.section(nil, imap.HeaderSpecifier, false)
	a.body(m.BodyStructure, nil, true)
	items := []imap.FetchItem{imap.FetchUid}
	for _, s := range a.sections {
		items = append(items, s.FetchItem())
	}
	got, err = fetch(c, []uint32{uid}, items)
	if err != nil {
		return nil, err
	}
	if a.msg = got[uid]; a.msg == nil {
		return nil, fmt.Errorf("mail gone")
	}
	a.build = true
	var b bytes.Buffer
	b.Write(a.section(nil, imap.HeaderSpecifier, false))
	b.Write(a.body(m.BodyStructure, nil, true))
	return b.Bytes(), nil
}

// assembler first lists the sections of a mail worth fetching, then, with
// build set, puts the fetched sections together in the same walk.
type assembler struct {
	sections []*imap.BodySectionName
	msg      *imap.Message
	build    bool
}

// section asks for one section in the listing walk and returns its bytes in
// the building walk.
func (a *assembler) section(path []int, spec imap.PartSpecifier, capped bool) []byte {
	s := &imap.BodySectionName{Peek: true,
		BodyPartName: imap.BodyPartName{Specifier: spec, Path: path}}
	if capped {
		s.Partial = []int{0, maxTextFetch}
	}
	if !a.build {
		a.sections = append(a.sections, s)
		return nil
	}
	return readLiteral(a.msg.GetBody(s))
}

// body returns the body of the part at path. direct is true for the body of
// a message (the mail itself or a forwarded one), whose single part is
// numbered path.1 in IMAP.
func (a *assembler) body(bs *imap.BodyStructure, path []int, direct bool) []byte {
	mediaType := strings.ToLower(bs.MIMEType + "/" + bs.MIMESubType)
	if !strings.HasPrefix(mediaType, "multipart/") && direct {
		path = append(clonePath(path), 1)
	}
	switch {
	case strings.HasPrefix(mediaType, "multipart/"):
		var b bytes.Buffer
		boundary := bs.Params["boundary"]
		for i, part := range bs.Parts {
			if !wanted(part) {
				continue
			}
			p := append(clonePath(path), i+1)
			mime := a.section(p, imap.MIMESpecifier, false)
			inner := a.body(part, p, false)
			fmt.Fprintf(&b, "--%s\r\n", boundary)
			b.Write(mime)
			b.Write(inner)
			b.WriteString("\r\n")
		}
		fmt.Fprintf(&b, "--%s--\r\n", boundary)
		return b.Bytes()
	case mediaType == "message/rfc822" || mediaType == "message/global":
		header := a.section(path, imap.HeaderSpecifier, false)
		if bs.BodyStructure == nil {
			return header
		}
		return append(header, a.body(bs.BodyStructure, path, true)...)
	}
	return a.section(path, imap.EntireSpecifier, true)
}

// wanted reports whether a part can hold a status: text that is not an
// attached file, a forwarded mail, or a multipart holding either.
func wanted(bs *imap.BodyStructure) bool {
	t := strings.ToLower(bs.MIMEType + "/" + bs.MIMESubType)
	switch {
	case strings.HasPrefix(t, "multipart/"):
		for _, p := range bs.Parts {
			if wanted(p) {
				return true
			}
		}
		return false
	case t == "message/rfc822" || t == "message/global":
		return true
	case t == "text/plain" || t == "text/html":
		return !strings.EqualFold(bs.Disposition, "attachment")
	}
	return false
}

// clonePath copies a part path so that appending to it leaves the parent's alone.
func clonePath(path []int) []int {
	return append([]int(nil), path...)
}
