package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/assets"
	"tiepsuc/guides"
	"tiepsuc/internal/store"
	"tiepsuc/sync/engine"
	"tiepsuc/sync/hubapi"
	"tiepsuc/sync/mail"
)

// translations reads one language's app translation file.
func translations(t *testing.T, code string) map[string]string {
	t.Helper()
	b, err := assets.ReadTranslationFile("lang/app." + code + ".json")
	require.NoError(t, err)
	m := map[string]string{}
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

// TestEveryScreenWordIsTranslated: every key the screens ask for exists in
// Vietnamese and English, the two files hold the same keys, and no text is
// left empty, so no volunteer ever reads a raw key.
func TestEveryScreenWordIsTranslated(t *testing.T) {
	vi, en := translations(t, "vi"), translations(t, "en")
	for k := range vi {
		_, ok := en[k]
		assert.True(t, ok, "English lacks %s", k)
		assert.NotEmpty(t, strings.TrimSpace(vi[k]), k)
	}
	for k := range en {
		_, ok := vi[k]
		assert.True(t, ok, "Vietnamese lacks %s", k)
		assert.NotEmpty(t, strings.TrimSpace(en[k]), k)
	}

	literal := regexp.MustCompile(`lang\.L\("([a-z_]+\.[a-z_.]+)"`)
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var used []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			if !strings.HasSuffix(m[1], ".") { // a prefix, completed below
				used = append(used, m[1])
			}
		}
	}
	require.NotEmpty(t, used)

	// Keys built from data: every value the data can take.
	lib, err := guides.Builtin()
	require.NoError(t, err)
	for _, c := range lib.Categories() {
		used = append(used, "category."+c)
	}
	for _, s := range draftStates {
		used = append(used, "drafts.filter."+stateKey(s))
	}
	for _, o := range outcomes {
		used = append(used, "outcome."+string(o), "state."+string(o))
	}
	used = append(used, "procedure.other")
	for _, p := range consentPurposes {
		used = append(used, "consent.purpose."+string(p))
	}
	for _, k := range sectionKeys {
		used = append(used, "section."+k)
	}
	for _, k := range []string{"procedure", "guide", "question"} {
		used = append(used, "need."+k)
	}
	for _, code := range assets.Languages {
		used = append(used, "settings.language."+code)
	}
	for _, stop := range []string{"damaged", "too_new", "cannot_open"} {
		used = append(used, stop+".title", stop+".what", stop+".todo")
	}
	for _, st := range hubapi.DossierStatuses {
		used = append(used, "status."+st)
	}
	for st := mail.StatusUnknown; st <= mail.StatusReturned; st++ {
		used = append(used, "status."+st.String())
	}
	for p := mail.PaymentUnknown; p <= mail.PaymentCancelled; p++ {
		used = append(used, "status."+p.String())
	}
	for _, r := range []string{"unreadable", "no-code", "no-status", "no-draft"} {
		used = append(used, "mailbox.reason."+r)
	}
	for _, src := range []string{store.SourceHub, store.SourceMail} {
		used = append(used, "status.source."+src)
	}
	// The keys the engine records for what mails report.
	for _, k := range []string{"registered", "processing", "fee_requested", "withdrawn",
		"stopped", "unpaid", "payment_pending", "refunded", "payment_cancelled"} {
		used = append(used, "status."+k)
	}
	for _, sec := range mailSecurities {
		used = append(used, "mail.security."+securityName(sec))
	}
	used = append(used, engine.KeyOffline, engine.KeyHubBusy, engine.KeyCertificate,
		engine.KeyUnauthorized, engine.KeyEnrolAgain, engine.KeyProtocol, engine.KeyRefused,
		engine.KeyLocal, engine.KeyEnrolCode, engine.KeyHubAddress, engine.KeyMailLogin,
		engine.KeyMailOffline, engine.KeyGuidesInstalled, engine.KeyGuidesRefused,
		engine.KeyGuidesNotNewer, engine.KeyGuidesDamaged, engine.KeyGuidesFailed)
	for _, k := range used {
		_, ok := vi[k]
		assert.True(t, ok, "screens use %s, which no translation file has", k)
	}
}
