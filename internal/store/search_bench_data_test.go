package store

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// weighted is a name and how often it is met, in parts per thousand.
type weighted struct {
	name string
	w    int
}

// benchFamilies are family names (họ) with rough shares of the population.
var benchFamilies = []weighted{
	{"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95}, {"Phạm", 70}, {"Hoàng", 30},
	{"Huỳnh", 21}, {"Phan", 45}, {"Vũ", 20}, {"Võ", 19}, {"Đặng", 21},
	{"Bùi", 20}, {"Đỗ", 14}, {"Hồ", 13}, {"Ngô", 13}, {"Dương", 10},
	{"Lý", 5}, {"Đinh", 5}, {"Đoàn", 4}, {"Lâm", 4}, {"Mai", 4},
	{"Trương", 4}, {"Cao", 3}, {"Tạ", 2}, {"Lương", 3}, {"Hà", 3},
	{"Châu", 2}, {"Từ", 1}, {"Thái", 2}, {"Quách", 1}, {"La", 1},
	{"Kiều", 1}, {"Tôn", 1}, {"Khúc", 1}, {"Ông", 1}, {"Âu", 1},
}

// benchMiddleMale and benchMiddleFemale are middle names (tên đệm).
var (
	benchMiddleMale = []weighted{
		{"Văn", 400}, {"Đức", 70}, {"Minh", 80}, {"Quốc", 50}, {"Hữu", 60},
		{"Thanh", 50}, {"Công", 40}, {"Quang", 40}, {"Xuân", 30}, {"Ngọc", 30},
		{"Hoàng", 30}, {"Gia", 30}, {"Tuấn", 20}, {"Trọng", 20}, {"Đình", 50},
	}
	benchMiddleFemale = []weighted{
		{"Thị", 500}, {"Ngọc", 60}, {"Thanh", 50}, {"Thu", 50}, {"Kim", 40},
		{"Hồng", 40}, {"Bích", 20}, {"Thùy", 30}, {"Mỹ", 30}, {"Phương", 30},
		{"Diệu", 10}, {"Khánh", 20}, {"Minh", 30}, {"Bảo", 20}, {"Như", 20},
	}
)

// benchGivenMale and benchGivenFemale are given names (tên), most common
// first, with a tail of rarer ones; picks fall off with rank.
var (
	benchGivenMale = strings.Fields("Anh Minh Hùng Dũng Tuấn Nam Hải Long Sơn Thắng " +
		"Cường Huy Đức Quang Phúc Bình Trung Thành Việt Khánh Hiếu Duy Đạt Tài " +
		"Vinh Tâm Phong Kiên Lâm Nghĩa Khoa Toàn Trí Tùng Thịnh Quân Lộc Phát " +
		"Nhân Khang Bảo Hào Giang Hoàng Vũ An Khôi Luân Thuận Định Kha Hưng " +
		"Khải Hiển Tín Thiện Nhật Quý Tường Triết Hậu Khiêm Doanh Lực Sang Thái " +
		"Tiến Tú Tuệ Uy Vỹ Xuyên Đăng Điền Chiến Cảnh Biên Bách Ân Chương Danh " +
		"Hưởng Kỳ Lãm Mạnh Nguyên Phi Quyết Sỹ Thạch Thông Toản Trực Tuân Vượng")
	benchGivenFemale = strings.Fields("Linh Hương Trang Lan Hà Mai Anh Thảo Ngọc Hoa " +
		"Hằng Phương Dung Thủy Nga Huyền Vân Yến Nhung Hạnh Hiền Loan Trinh Quỳnh " +
		"Chi Giang Uyên My Vy Ngân Oanh Hồng Huệ Liên Tuyết Xuân Thu Ánh Bích Diệp " +
		"Quyên Thoa Hòa Khuê Thoại Diễm Nguyệt Trâm Thơ Hạ Kiều Lệ Mẫn Ngà Nhàn " +
		"Nhi Phượng Sen Thắm Thi Thư Thương Tiên Trúc Tươi Vi Xoan Yên Ái Cúc " +
		"Đào Gấm Hảo Ly Lựu Miên Ngát Nhạn Quế Sa Tình Trà Uyển Viên")
)

// benchProvinces are birth province codes of identity numbers, Đồng Nai first.
var benchProvinces = []weighted{
	{"075", 600}, {"070", 150}, {"079", 100}, {"001", 40}, {"038", 30},
	{"040", 30}, {"052", 25}, {"068", 25},
}

// benchMobile are the two digits after the 0 of mobile numbers.
var benchMobile = strings.Fields("90 91 93 94 96 97 98 32 33 34 35 36 37 38 39 70 " +
	"76 77 78 79 81 82 83 84 85 86 88 56 58 59")

// pickWeighted draws one name by weight.
func pickWeighted(r *rand.Rand, list []weighted) string {
	total := 0
	for _, e := range list {
		total += e.w
	}
	n := r.IntN(total)
	for _, e := range list {
		if n < e.w {
			return e.name
		}
		n -= e.w
	}
	return list[len(list)-1].name
}

// pickRanked draws from a list ordered by how common its names are, with
// odds falling as 1/(rank+2).
func pickRanked(r *rand.Rand, list []string) string {
	total := 0.0
	for i := range list {
		total += 1 / float64(i+2)
	}
	x := r.Float64() * total
	for i, name := range list {
		x -= 1 / float64(i+2)
		if x < 0 {
			return name
		}
	}
	return list[len(list)-1]
}

// benchPerson makes up a citizen: a name with one or two middle names, an
// identity number for most (12 digits, some old 9-digit ones) and a phone
// for many, each typed the ways volunteers type them.
func benchPerson(r *rand.Rand) (name, id, phone string) {
	male := r.IntN(2) == 0
	middle, given := benchMiddleFemale, benchGivenFemale
	if male {
		middle, given = benchMiddleMale, benchGivenMale
	}
	parts := []string{pickWeighted(r, benchFamilies), pickWeighted(r, middle)}
	if r.IntN(100) < 15 {
		parts = append(parts, pickWeighted(r, middle))
	}
	parts = append(parts, pickRanked(r, given))
	name = strings.Join(parts, " ")

	switch n := r.IntN(100); {
	case n < 70:
		year := 1940 + r.IntN(70)
		century := 0
		if year >= 2000 {
			century = 2
		}
		if !male {
			century++
		}
		id = fmt.Sprintf("%s%d%02d%06d", pickWeighted(r, benchProvinces), century, year%100,
			r.IntN(1000000))
		if r.IntN(4) == 0 {
			id = id[:3] + " " + id[3:6] + " " + id[6:9] + " " + id[9:]
		}
	case n < 80:
		id = fmt.Sprintf("%09d", 200000000+r.IntN(100000000))
	}
	if r.IntN(100) < 70 {
		phone = fmt.Sprintf("0%s%07d", benchMobile[r.IntN(len(benchMobile))], r.IntN(10000000))
		if r.IntN(3) == 0 {
			phone = phone[:4] + " " + phone[4:7] + " " + phone[7:]
		}
	}
	return name, id, phone
}
