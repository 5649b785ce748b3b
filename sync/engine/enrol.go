package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tiepsuc/internal/store"
	"tiepsuc/sync/hubapi"
)

// enrolTimeout bounds the whole enrolment exchange.
const enrolTimeout = 30 * time.Second

// Enrol exchanges a one-time enrolment code for the desk's token and stores
// it, sealed, with the hub's address and certificate fingerprint. code may
// be the typed code or the text of the enrolment QR code, which can carry
// the address and fingerprint too. It returns an *Error whose Key explains
// a failure to the volunteer.
func Enrol(ctx context.Context, st *store.Store, hubURL, fingerprint,
	code string) (store.Hub, error) {
	link, err := hubapi.ParseEnrolLink(code)
	if err != nil {
		return store.Hub{}, &Error{Key: KeyEnrolCode, Err: err}
	}
	if hubURL == "" {
		hubURL = link.Hub
	}
	if fingerprint == "" {
		fingerprint = link.Fingerprint
	}
	if err := checkHubURL(hubURL); err != nil {
		return store.Hub{}, err
	}
	h := store.Hub{URL: hubURL, Fingerprint: fingerprint}
	hc, err := defaultHTTPClient(h, enrolTimeout)
	if err != nil {
		return store.Hub{}, &Error{Key: KeyHubAddress, Err: err}
	}

	ctx, cancel := context.WithTimeout(ctx, enrolTimeout)
	defer cancel()
	c := &hubapi.Client{BaseURL: hubURL, HTTP: hc}
	info, err := c.Info(ctx)
	if err != nil {
		return store.Hub{}, classify(fmt.Errorf("enrol: %w", err))
	}
	if err := hubapi.CheckProtocol(info.Protocol); err != nil {
		return store.Hub{}, &Error{Key: KeyProtocol, Err: err}
	}
	resp, err := c.Enrol(ctx, link.Code)
	if err != nil {
		return store.Hub{}, classify(fmt.Errorf("enrol: %w", err))
	}
	if resp.Token == "" || resp.DeskID == "" {
		return store.Hub{}, &Error{Key: KeyRefused,
			Err: errors.New("enrol: the hub answered without a token")}
	}
	h.Token, h.DeskID, h.DeskName, h.Commune = resp.Token, resp.DeskID, resp.DeskName,
		resp.Commune
	if err := st.SetHub(ctx, h); err != nil {
		return store.Hub{}, local(err)
	}
	return h, nil
}
