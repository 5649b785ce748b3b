package mail

import (
	"sort"
	"strings"
	"unicode"

	"tiepsuc/internal/textfold"
)

// phrase is a run of words that names a dossier status or a payment state.
// A phrase with neither is neutral: it holds status words without being a
// status, like the name of the counter "Bộ phận tiếp nhận và trả kết quả",
// and, being longer, it keeps the shorter phrases inside it from matching.
type phrase struct {
	words   []string
	status  Status
	payment PaymentState
}

// phraseText lists the phrases as a person writes them; they are folded
// (no marks, lower case) once at start, so that accent-stripped SMS text and
// any letter case match too.
var phraseText = []struct {
	text    string
	status  Status
	payment PaymentState
}{
	{"nộp hồ sơ thành công", StatusNew, 0},
	{"mới đăng ký", StatusNew, 0},
	{"tiếp nhận", StatusAccepted, 0},
	{"từ chối", StatusRejected, 0},
	{"từ chối tiếp nhận", StatusRejected, 0},
	{"không tiếp nhận", StatusRejected, 0},
	{"không được tiếp nhận", StatusRejected, 0},
	{"không đủ điều kiện tiếp nhận", StatusRejected, 0},
	{"đang xử lý", StatusProcessing, 0},
	{"đang được xử lý", StatusProcessing, 0},
	{"đang giải quyết", StatusProcessing, 0},
	{"đang được giải quyết", StatusProcessing, 0},
	{"chuyển xử lý", StatusProcessing, 0},
	{"yêu cầu bổ sung", StatusSupplement, 0},
	{"bổ sung hồ sơ", StatusSupplement, 0},
	{"bổ sung giấy tờ", StatusSupplement, 0},
	{"bổ sung thành phần hồ sơ", StatusSupplement, 0},
	{"nghĩa vụ tài chính", StatusFinancial, 0},
	{"rút hồ sơ", StatusWithdrawn, 0},
	{"dừng xử lý", StatusStopped, 0},
	{"tạm dừng xử lý", StatusStopped, 0},
	{"dừng giải quyết", StatusStopped, 0},
	{"đã xử lý xong", StatusDone, 0},
	{"xử lý xong", StatusDone, 0},
	{"đã có kết quả", StatusDone, 0},
	{"đã giải quyết xong", StatusDone, 0},
	{"hoàn thành xử lý", StatusDone, 0},
	{"hoàn thành giải quyết", StatusDone, 0},
	{"trả kết quả", StatusReturned, 0},
	{"đã trả kết quả", StatusReturned, 0},

	{"thanh toán thành công", 0, PaymentPaid},
	{"đã thanh toán", 0, PaymentPaid},
	{"nộp phí thành công", 0, PaymentPaid},
	{"đã nộp phí", 0, PaymentPaid},
	{"đã nộp lệ phí", 0, PaymentPaid},
	{"chưa thanh toán", 0, PaymentUnpaid},
	{"thanh toán không thành công", 0, PaymentUnpaid},
	{"thanh toán thất bại", 0, PaymentUnpaid},
	{"chờ thanh toán", 0, PaymentPending},
	{"vui lòng thanh toán", 0, PaymentPending},
	{"đề nghị thanh toán", 0, PaymentPending},
	{"yêu cầu thanh toán", 0, PaymentPending},
	{"hoàn phí", 0, PaymentRefunded},
	{"hoàn tiền", 0, PaymentRefunded},
	{"hoàn trả phí", 0, PaymentRefunded},
	{"hủy thanh toán", 0, PaymentCancelled},
	{"giao dịch bị hủy", 0, PaymentCancelled},

	// Neutral: these name places, dates and forms, not what happened.
	{"bộ phận tiếp nhận", 0, 0},
	{"bộ phận tiếp nhận và trả kết quả", 0, 0},
	{"tiếp nhận và trả kết quả", 0, 0},
	{"ngày tiếp nhận", 0, 0},
	{"nơi tiếp nhận", 0, 0},
	{"cơ quan tiếp nhận", 0, 0},
	{"đơn vị tiếp nhận", 0, 0},
	{"cán bộ tiếp nhận", 0, 0},
	{"người tiếp nhận", 0, 0},
	{"phiếu tiếp nhận", 0, 0},
	{"chưa tiếp nhận", 0, 0},
	{"chưa được tiếp nhận", 0, 0},
	{"hẹn trả kết quả", 0, 0},
	{"ngày hẹn trả", 0, 0},
	{"ngày trả kết quả", 0, 0},
	{"sẽ trả kết quả", 0, 0},
	{"dự kiến trả kết quả", 0, 0},
	{"thời hạn trả kết quả", 0, 0},
	{"thời gian trả kết quả", 0, 0},
	{"nơi trả kết quả", 0, 0},
	{"hình thức trả kết quả", 0, 0},
	{"chưa có kết quả", 0, 0},
}

// phrases indexes the folded phrases by their first word, longest first.
var phrases = indexPhrases()

func indexPhrases() map[string][]phrase {
	idx := map[string][]phrase{}
	for _, p := range phraseText {
		words := words(textfold.Fold(p.text))
		idx[words[0]] = append(idx[words[0]], phrase{words, p.status, p.payment})
	}
	for _, list := range idx {
		sort.SliceStable(list, func(i, j int) bool {
			return len(list[i].words) > len(list[j].words)
		})
	}
	return idx
}

// words splits folded text into runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// said is what one line of text says: the statuses and payment states it
// names, in order.
type said struct {
	statuses []Status
	payments []PaymentState
}

// scan folds a line and reads the phrases in it, the longest phrase winning
// wherever two start at the same word.
func scan(line string) said {
	var out said
	ws := words(textfold.Fold(line))
	for i := 0; i < len(ws); {
		p, ok := matchAt(ws, i)
		if !ok {
			i++
			continue
		}
		if p.status != StatusUnknown {
			out.statuses = append(out.statuses, p.status)
		}
		if p.payment != PaymentUnknown {
			out.payments = append(out.payments, p.payment)
		}
		i += len(p.words)
	}
	return out
}

func matchAt(ws []string, i int) (phrase, bool) {
	for _, p := range phrases[ws[i]] {
		if len(p.words) > len(ws)-i {
			continue
		}
		match := true
		for k, w := range p.words {
			if ws[i+k] != w {
				match = false
				break
			}
		}
		if match {
			return p, true
		}
	}
	return phrase{}, false
}

func (s said) firstStatus() Status {
	if len(s.statuses) == 0 {
		return StatusUnknown
	}
	return s.statuses[0]
}

func (s said) lastStatus() Status {
	if len(s.statuses) == 0 {
		return StatusUnknown
	}
	return s.statuses[len(s.statuses)-1]
}

func (s said) firstPayment() PaymentState {
	if len(s.payments) == 0 {
		return PaymentUnknown
	}
	return s.payments[0]
}

func (s said) lastPayment() PaymentState {
	if len(s.payments) == 0 {
		return PaymentUnknown
	}
	return s.payments[len(s.payments)-1]
}
