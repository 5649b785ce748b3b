package vietqr

import "testing"

// benchPayment is a typical fee payment: amount and a purpose with marks.
var benchPayment = Payment{BIN: "970418", Service: ToAccount, Number: "12010000123456",
	Amount: 50_000, Purpose: "Lệ phí HS 000.00.12.H29"}

// BenchmarkBuild builds the payload the payment step shows.
func BenchmarkBuild(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(benchPayment); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildASCII builds a payload whose texts need no folding.
func BenchmarkBuildASCII(b *testing.B) {
	p := benchPayment
	p.Purpose = "Le phi HS 000.00.12.H29"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse reads that payload back.
func BenchmarkParse(b *testing.B) {
	s, err := Build(benchPayment)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQRPNG draws the code for the screen.
func BenchmarkQRPNG(b *testing.B) {
	s, err := Build(benchPayment)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := QRPNG(s, DefaultQRSide); err != nil {
			b.Fatal(err)
		}
	}
}
