package takehome

import "testing"

func BenchmarkCard12Steps(b *testing.B) {
	g := fixture(b, birth12)
	in := input(g, "vi", A5, 6)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Card(in); err != nil {
			b.Fatal(err)
		}
	}
}
