package schema

import (
	"math"
	"testing"
	"time"
	"unsafe"
)

// A release holds millions of cells: a value stays within 32 bytes.
func TestValueSize(t *testing.T) {
	if n := unsafe.Sizeof(Value{}); n > 32 {
		t.Errorf("a Value takes %d bytes, want at most 32", n)
	}
}

// Every value reads back as it was made, whatever its bits, and Equal
// compares as the types do.
func TestValueRoundTrip(t *testing.T) {
	for _, d := range []Date{{1, time.January, 1}, {9999, time.December, 31}, {2016, time.February, 29}, {}} {
		v := DateValue(d)
		if v.Date() != d || v.Type() != TypeDate || v.IsNull() || v.Int() != 0 || v.String() != "" {
			t.Errorf("DateValue(%v) reads back %v (%s)", d, v.Date(), v.Type())
		}
	}
	for _, i := range []int64{0, -1, 1 << 53, math.MaxInt64, math.MinInt64} {
		if v := Int(i); v.Int() != i || v.Type() != TypeInt || v.Float() != 0 {
			t.Errorf("Int(%d) reads back %d", i, v.Int())
		}
	}
	for _, f := range []float64{0, math.Copysign(0, -1), 1.5, -3e300, math.Inf(1), math.SmallestNonzeroFloat64} {
		if v := Float(f); math.Float64bits(v.Float()) != math.Float64bits(f) || v.Type() != TypeFloat || v.Int() != 0 {
			t.Errorf("Float(%v) reads back %v", f, v.Float())
		}
	}
	tests := []struct {
		a, b Value
		want bool
	}{
		{Str("x"), Str("x"), true},
		{Str("x"), Str("y"), false},
		{Str(""), Null(TypeString), false},
		{Null(TypeString), Null(TypeString), true},
		{Null(TypeString), Null(TypeInt), false},
		{Int(0), Float(0), false},
		{Float(0), Float(math.Copysign(0, -1)), true},
		{Float(math.NaN()), Float(math.NaN()), false},
		{DateValue(Date{2010, 8, 18}), DateValue(Date{2010, 8, 18}), true},
		{DateValue(Date{2010, 8, 18}), DateValue(Date{2010, 8, 19}), false},
	}
	for _, tc := range tests {
		if got := tc.a.Equal(tc.b); got != tc.want {
			t.Errorf("%#v.Equal(%#v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
	if v := Null("decimal"); v.Type() != "decimal" || !v.IsNull() {
		t.Errorf("Null(decimal) has type %q", v.Type())
	}
}

func TestValueNative(t *testing.T) {
	d, err := NewDate(1918, 5, 28)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		v    Value
		want any
	}{
		{Null(TypeInt), nil},
		{Null(TypeString), nil},
		{Int(3500), int64(3500)},
		{Float(1.4e9), 1.4e9},
		{DateValue(d), "1918-05-28"},
		{Str("S-300"), "S-300"},
	} {
		if got := tc.v.Native(); got != tc.want {
			t.Errorf("%#v.Native() = %#v, want %#v", tc.v, got, tc.want)
		}
	}
}
