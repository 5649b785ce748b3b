package takehome

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/guides"
)

func TestBuiltinGuidesPrintOnTwoA5PagesInLargeText(t *testing.T) {
	lib, err := guides.Builtin()
	require.NoError(t, err, "the built-in guides must load")
	for _, g := range lib.Guides() {
		for _, lang := range languages {
			for _, step := range []int{1, (len(g.Steps) + 1) / 2, len(g.Steps)} {
				t.Run(fmt.Sprintf("%s %s step %d", g.ID, lang, step), func(t *testing.T) {
					k, err := newCard(input(g, lang, A5, step))
					require.NoError(t, err)
					p := k.choose()
					assert.LessOrEqual(t, k.pages(p), 2)
					assert.GreaterOrEqual(t, p.body, 11.0, "text too small for an older reader")
				})
			}
		}
	}
}
