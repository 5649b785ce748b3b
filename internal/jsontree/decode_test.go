package jsontree_test

import (
	"errors"
	"slices"
	"testing"

	"tiepsuc/internal/jsontree"
)

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		// want is the error's text; line and col where it points.
		want      string
		line, col int
	}{
		{"byte order mark", "\xEF\xBB\xBF{}", "starts with a byte order mark", 0, 0},
		{"bad byte after Vietnamese", "{\n\"tên\": \"\xff\"}", "not valid UTF-8 at line 2, column 9",
			2, 9},
		{"cut rune at the end", "\"Vi\xe1\xbb", "not valid UTF-8 at line 1, column 4", 1, 4},
		{"missing colon", "{\"a\" 1}", "invalid JSON at line 1, column 6: " +
			"invalid character '1' after object key", 1, 6},
		{"early end points past the last byte", "{\"a\":\n", "invalid JSON at line 2, column 1: " +
			"unexpected end of JSON input", 2, 1},
		{"empty", "", "invalid JSON at line 1, column 1: unexpected end of JSON input", 1, 1},
		{"trailing data", "{}\n{}", "invalid JSON at line 2, column 1: " +
			"invalid character '{' after top-level value", 2, 1},
		{"columns count letters", "[\"đường\" 1]", "invalid JSON at line 1, column 10: " +
			"invalid character '1' after array element", 1, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := jsontree.Decode([]byte(tt.data), 8)
			if err == nil {
				t.Fatalf("Decode gave %+v, want error %q", n, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error %q, want %q", err, tt.want)
			}
			var (
				enc *jsontree.EncodingError
				syn *jsontree.SyntaxError
			)
			switch {
			case errors.As(err, &enc):
				if enc.Line != tt.line || enc.Col != tt.col {
					t.Errorf("at %d:%d, want %d:%d", enc.Line, enc.Col, tt.line, tt.col)
				}
			case errors.As(err, &syn):
				if syn.Line != tt.line || syn.Col != tt.col {
					t.Errorf("at %d:%d, want %d:%d", syn.Line, syn.Col, tt.line, tt.col)
				}
			case !errors.Is(err, jsontree.ErrBOM):
				t.Errorf("error %T is none of the documented kinds", err)
			}
		})
	}
}

func TestDecodeTree(t *testing.T) {
	data := `{"b": [1.50, "x", true, false, null], "a": {"k": "v"}, "b": 2, "sâu": [[[[0]]]]}`
	root, err := jsontree.Decode([]byte(data), 3)
	if err != nil {
		t.Fatal(err)
	}
	if root.Kind != jsontree.Object {
		t.Fatalf("root is %s", root.Kind)
	}
	if want := []string{"b", "a", "b", "sâu"}; !slices.Equal(root.Keys, want) {
		t.Errorf("keys %q, want %q in order with the repeat", root.Keys, want)
	}

	list := root.Get("b")
	if list == nil || list.Kind != jsontree.Array || len(list.Items) != 5 {
		t.Fatalf("first b is %+v, want the list of 5 given first", list)
	}
	if it := list.Items[0]; it.Kind != jsontree.Number || it.Text != "1.50" {
		t.Errorf("number %s %q, want it as written, 1.50", it.Kind, it.Text)
	}
	if it := list.Items[1]; it.Kind != jsontree.String || it.Text != "x" {
		t.Errorf("string %s %q", it.Kind, it.Text)
	}
	if !list.Items[2].Bool || list.Items[3].Bool || list.Items[3].Kind != jsontree.Bool {
		t.Errorf("true and false read as %+v, %+v", list.Items[2], list.Items[3])
	}
	if list.Items[4].Kind != jsontree.Null {
		t.Errorf("null read as %s", list.Items[4].Kind)
	}
	if v := root.Get("a").Get("k"); v == nil || v.Text != "v" {
		t.Errorf("a.k is %+v", v)
	}
	if root.Get("missing") != nil || list.Get("b") != nil {
		t.Error("Get found a key that is not there")
	}

	// Depth 3 is the innermost list here; its item is skipped.
	deep := root.Get("sâu").Items[0].Items[0]
	if deep.Kind != jsontree.Array || len(deep.Items) != 1 ||
		deep.Items[0].Kind != jsontree.TooDeep {
		t.Fatalf("depth 3 is %s holding %+v, want a list holding a too-deep value",
			deep.Kind, deep.Items)
	}
	if got := deep.Items[0].Kind.String(); got != "a value nested too deep" {
		t.Errorf("too deep reads %q", got)
	}
}

func TestCheckKeys(t *testing.T) {
	known := []string{"id", "title", "steps", "picture"}
	root, err := jsontree.Decode([]byte(
		`{"id": 1, "titel": 2, "id": 3, "Steps": 4, "colour": 5, "titel": 6}`), 8)
	if err != nil {
		t.Fatal(err)
	}
	got := root.CheckKeys(known)
	want := []jsontree.KeyProblem{
		{Key: "titel", Suggestion: "title"},
		{Key: "id", Repeated: true},
		{Key: "Steps", Suggestion: "steps"},
		{Key: "colour"},
		{Key: "titel", Repeated: true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("CheckKeys = %+v\nwant %+v", got, want)
	}

	list, err := jsontree.Decode([]byte(`[{"x": 1}]`), 8)
	if err != nil {
		t.Fatal(err)
	}
	if got := list.CheckKeys(known); got != nil {
		t.Errorf("CheckKeys of a list = %+v, want nil", got)
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"id", "if_wrong", "picture", "checked"}
	tests := []struct{ name, want string }{
		{"pictrue", "picture"},
		{"if-wrong", "if_wrong"},
		{"CHECKED", "checked"},
		// Half of a short name changed is still a likely typo; all of it is not.
		{"ix", "id"},
		{"xy", ""},
		{"colour", ""},
		{string(make([]byte, 100)), ""},
	}
	for _, tt := range tests {
		if got := jsontree.Suggest(tt.name, known); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestPaths(t *testing.T) {
	p := jsontree.Join(jsontree.Item(jsontree.Join("", "steps"), 1), "title")
	if got := jsontree.Join(p, "vi"); got != "steps[2].title.vi" {
		t.Errorf("path %q, want steps[2].title.vi", got)
	}
}
