// Package langcheck holds what the tests of a part's translation files
// share: reading assets/lang/<part>.<language>.json, finding the keys a
// package names in its code, listing the {{.Fields}} of a message, and
// comparing the languages with each other and with the code.
//
// It returns values and errors and asserts nothing itself, so each test
// decides how a fault fails it.
package langcheck

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"
	"unicode"
)

// Vietnamese is the language every other language is compared with.
const Vietnamese = "vi"

// Catalogs reads root/assets/lang/<part>.<language>.json for each
// language and returns the messages by language, then by key.
func Catalogs(root, part string, langs ...string) (map[string]map[string]string, error) {
	all := make(map[string]map[string]string, len(langs))
	for _, l := range langs {
		name := filepath.Join(root, "assets", "lang", part+"."+l+".json")
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read %s catalog: %w", l, err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("decode %s: %w", name, err)
		}
		all[l] = m
	}
	return all, nil
}

// KeysInCode returns, sorted and once each, every string literal matching
// key in the non-test Go files of dir.
func KeysInCode(dir string, key *regexp.Regexp) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, fmt.Errorf("list go files: %w", err)
	}

	var keys []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parse go file: %w", err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if s, err := strconv.Unquote(lit.Value); err == nil && key.MatchString(s) {
				keys = append(keys, s)
			}
			return true
		})
	}
	slices.Sort(keys)
	return slices.Compact(keys), nil
}

// Fields returns, sorted and once each, the names of the fields a message
// template reads ("Max" for {{.Max}}, "A.B" for {{.A.B}}), in its actions
// and inside its if, range and with blocks.
func Fields(msg string) ([]string, error) {
	tpl, err := template.New("").Parse(msg)
	if err != nil {
		return nil, fmt.Errorf("parse message: %w", err)
	}
	var names []string
	if tpl.Tree != nil {
		names = walk(tpl.Tree.Root, names)
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// walk appends the field names read under n to names.
func walk(n parse.Node, names []string) []string {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return names
		}
		for _, c := range n.Nodes {
			names = walk(c, names)
		}
	case *parse.ActionNode:
		names = pipe(n.Pipe, names)
	case *parse.IfNode:
		names = branch(&n.BranchNode, names)
	case *parse.RangeNode:
		names = branch(&n.BranchNode, names)
	case *parse.WithNode:
		names = branch(&n.BranchNode, names)
	case *parse.TemplateNode:
		names = pipe(n.Pipe, names)
	}
	return names
}

// branch appends the field names of a block's condition and both arms.
func branch(b *parse.BranchNode, names []string) []string {
	names = pipe(b.Pipe, names)
	names = walk(b.List, names)
	return walk(b.ElseList, names)
}

// pipe appends the field names read by a pipeline's commands, including
// those of parenthesised pipelines inside it.
func pipe(p *parse.PipeNode, names []string) []string {
	if p == nil {
		return names
	}
	for _, cmd := range p.Cmds {
		for _, arg := range cmd.Args {
			switch a := arg.(type) {
			case *parse.FieldNode:
				names = append(names, strings.Join(a.Ident, "."))
			case *parse.PipeNode:
				names = pipe(a, names)
			}
		}
	}
	return names
}

// Render fills msg with data the way a screen shows it, failing rather
// than printing "<no value>" when the template reads a key data lacks.
func Render(msg string, data any) (string, error) {
	tpl, err := template.New("").Option("missingkey=error").Parse(msg)
	if err != nil {
		return "", fmt.Errorf("parse message: %w", err)
	}
	var b strings.Builder
	if err := tpl.Execute(&b, data); err != nil {
		return "", fmt.Errorf("fill message: %w", err)
	}
	return b.String(), nil
}

// Marked reports whether s holds a letter outside ASCII, as any
// Vietnamese sentence written with its marks does.
func Marked(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return r > unicode.MaxASCII && unicode.IsLetter(r)
	})
}
