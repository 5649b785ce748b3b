package app

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"tiepsuc/internal/store"
)

// TestTypingVietnameseWithoutAnInputMethod: on a desk PC with no
// Vietnamese input method, Telex keys typed in the name field give the
// marked name, while number fields keep their keys as typed; VNI is one
// choice away in Settings.
func TestTypingVietnameseWithoutAnInputMethod(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.tap("Tiếp đón công dân mới")
	f.check("Lưu thông tin trên máy này")
	f.tap("Đồng ý và tiếp tục")
	f.typeInto("Ví dụ: Nguyễn Thị Lan", "Nguyeenx Vawn Ddwcs")
	f.typeInto("Ví dụ: 0912 345 678", "0912345678")
	f.flush()
	d, err := f.store.Draft(ctx, f.desk.session.draft.ID)
	require.NoError(t, err)
	assert.Equal(t, "Nguyễn Văn Đức", d.Fields[store.FieldFullName])
	assert.Equal(t, "0912345678", d.Fields[store.FieldPhone])

	f.tap("Cài đặt")
	f.selectOption("VNI (gõ số: a1 = á)")
	f.tap("Hôm nay")
	f.typeInto("Tìm theo họ tên hoặc số định danh…", "Nguye64n")
	assert.Equal(t, "Nguyễn", f.entry("Tìm theo họ tên hoặc số định danh…").Text)

	f.tap("Cài đặt")
	f.selectOption("Tắt (dùng bộ gõ của máy)")
	f.tap("Hôm nay")
	f.typeInto("Tìm theo họ tên hoặc số định danh…", "nguyeenx")
	assert.Equal(t, "nguyeenx", f.entry("Tìm theo họ tên hoặc số định danh…").Text)
}
