package vntext

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNeedsMarks(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		// No Vietnamese syllable without marks: the name was typed with typing off.
		{"Nguyen", true}, {"NGUYEN", true}, {"Duc", true}, {"Phuong", true},
		{"Tuan", true}, {"Viet", true}, {"Ngoc", true}, {"Thuong", true},
		{"Truong", true}, {"Kiet", true}, {"Nhat", true}, {"Quoc", true},
		{"Bich", true}, {"Hiep", true}, {"Luong", true}, {"Yen", true},
		{"nghieng", true}, {"Duong", true}, {"Khuyen", true}, {"Thach", true},
		// Syllables that exist without marks too.
		{"Lan", false}, {"Anh", false}, {"Hoa", false}, {"Minh", false},
		{"Tran", false}, {"Van", false}, {"Thi", false}, {"Kim", false}, {"Mai", false},
		{"Hung", false}, {"Thuy", false}, {"Quang", false}, {"Tom", false},
		// Not Vietnamese in any spelling.
		{"Smith", false}, {"John", false}, {"Robert", false}, {"Maria", false},
		{"Anna", false}, {"Bob", false}, {"Nie", false},
		// Not plain ASCII letters, or too long to be one syllable.
		{"Đức", false}, {"Nguyễn", false}, {"Ng0c", false}, {"H'Hen", false},
		{"", false}, {"nghiengg", false}, {"Nguyen Van", false},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			assert.Equal(t, tt.want, NeedsMarks(tt.word))
		})
	}
}

// BenchmarkNeedsMarks measures the longest search: a 7-letter word with
// three vowels that no marks can make a syllable.
func BenchmarkNeedsMarks(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		NeedsMarks("nguoeau")
		NeedsMarks("Phuong")
	}
}
