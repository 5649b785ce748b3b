package mail

// Status is a dossier status (trạng thái hồ sơ) as numbered for national sync;
// zero means the mail named none.
type Status int

// The national dossier status codes, 1 to 10.
const (
	StatusUnknown    Status = 0  // no status word found
	StatusNew        Status = 1  // Mới đăng ký
	StatusAccepted   Status = 2  // Được tiếp nhận
	StatusRejected   Status = 3  // Không được tiếp nhận
	StatusProcessing Status = 4  // Đang xử lý
	StatusSupplement Status = 5  // Yêu cầu bổ sung giấy tờ
	StatusFinancial  Status = 6  // Yêu cầu thực hiện nghĩa vụ tài chính
	StatusWithdrawn  Status = 7  // Công dân yêu cầu rút hồ sơ
	StatusStopped    Status = 8  // Dừng xử lý
	StatusDone       Status = 9  // Đã xử lý xong
	StatusReturned   Status = 10 // Đã trả kết quả
)

var statusNames = [...]string{
	"unknown", "new", "accepted", "rejected", "processing", "supplement",
	"financial", "withdrawn", "stopped", "done", "returned",
}

// String returns a short English name for the status, for logs and tests.
func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return "invalid"
	}
	return statusNames[s]
}

// PaymentState is the state of a dossier's fee payment (trạng thái thanh
// toán); zero means the mail said nothing about payment.
type PaymentState int

// The payment states a status mail can report.
const (
	PaymentUnknown   PaymentState = iota // nothing said about payment
	PaymentUnpaid                        // Chưa thanh toán
	PaymentPending                       // Chờ thanh toán
	PaymentPaid                          // Đã thanh toán
	PaymentRefunded                      // Hoàn phí
	PaymentCancelled                     // Hủy thanh toán
)

var paymentNames = [...]string{"unknown", "unpaid", "pending", "paid", "refunded", "cancelled"}

// String returns a short English name for the payment state.
func (p PaymentState) String() string {
	if p < 0 || int(p) >= len(paymentNames) {
		return "invalid"
	}
	return paymentNames[p]
}

// Where a finding's dossier code was read.
const (
	WhereSubject          = "subject"
	WhereBody             = "body"
	WhereForwardedSubject = "forwarded subject"
	WhereForwardedBody    = "forwarded body"
)

// Finding is one dossier code found in a mail with the status and payment
// state the mail gives it.
type Finding struct {
	// Code is the dossier code (mã hồ sơ) exactly as written in the mail.
	Code string
	// Status is the dossier status the mail reports, or StatusUnknown.
	Status Status
	// Payment is the payment state the mail reports, or PaymentUnknown.
	Payment PaymentState
	// Where is the part of the mail the code came from, one of the Where constants.
	Where string
}
