package schema

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Type is the logical type of a column. Each exporter maps it to its own
// format: Parquet DATE/INT64/DOUBLE/UTF8, XLSX date/number/text cells, CSV text.
type Type string

const (
	TypeString Type = "string"
	TypeInt    Type = "integer"
	TypeFloat  Type = "number"
	TypeDate   Type = "date"
)

// Value is one cell: typed, and possibly null. Unknown is null, never 0 or "".
//
// A release holds millions of cells, so a value is kept small (32 bytes):
// its text, or its number's bits (an integer, a float, a date packed as
// year, month and day), and a code for its type.
type Value struct {
	s     string
	n     uint64
	typ   typeCode
	valid bool
}

// typeCode is a Type as a value stores it.
type typeCode uint8

const (
	codeOther typeCode = iota // a Type outside the four, kept in s of a null
	codeString
	codeInt
	codeFloat
	codeDate
)

var typeCodes = [...]Type{codeString: TypeString, codeInt: TypeInt, codeFloat: TypeFloat, codeDate: TypeDate}

func codeOf(t Type) typeCode {
	switch t {
	case TypeString:
		return codeString
	case TypeInt:
		return codeInt
	case TypeFloat:
		return codeFloat
	case TypeDate:
		return codeDate
	}
	return codeOther
}

// Null returns the null value of a type.
func Null(t Type) Value {
	if c := codeOf(t); c != codeOther {
		return Value{typ: c}
	}
	return Value{s: string(t)} // no column has such a type; keep it for messages
}

// Str returns a text value.
func Str(s string) Value { return Value{typ: codeString, valid: true, s: s} }

// Int returns an integer value.
func Int(i int64) Value { return Value{typ: codeInt, valid: true, n: uint64(i)} }

// Float returns a number value.
func Float(f float64) Value { return Value{typ: codeFloat, valid: true, n: math.Float64bits(f)} }

// DateValue returns a date value. A date's year fits 32 bits and its month
// and day 16 each, as every date of the calendar does.
func DateValue(d Date) Value {
	packed := uint64(uint32(int32(d.Year)))<<32 | uint64(uint16(int16(d.Month)))<<16 | uint64(uint16(int16(d.Day)))
	return Value{typ: codeDate, valid: true, n: packed}
}

// OptStr is Str, or null for the empty string. Use it only where "" cannot be
// a real value.
func OptStr(s string) Value {
	if s == "" {
		return Null(TypeString)
	}
	return Str(s)
}

// OptFloat is Float(*f), or null.
func OptFloat(f *float64) Value {
	if f == nil {
		return Null(TypeFloat)
	}
	return Float(*f)
}

// OptDate is DateValue(d), or null for the zero date.
func OptDate(d Date) Value {
	if d.IsZero() {
		return Null(TypeDate)
	}
	return DateValue(d)
}

// Type returns the value's type.
func (v Value) Type() Type {
	if v.typ == codeOther {
		return Type(v.s)
	}
	return typeCodes[v.typ]
}

func (v Value) IsNull() bool { return !v.valid }

// String returns a text value's text; "" for other values.
func (v Value) String() string {
	if v.typ != codeString {
		return ""
	}
	return v.s
}

// Int returns an integer value's integer; 0 for other values.
func (v Value) Int() int64 {
	if v.typ != codeInt {
		return 0
	}
	return int64(v.n)
}

// Float returns a number value's number; 0 for other values.
func (v Value) Float() float64 {
	if v.typ != codeFloat {
		return 0
	}
	return math.Float64frombits(v.n)
}

// Date returns a date value's date; the zero date for other values.
func (v Value) Date() Date {
	if v.typ != codeDate {
		return Date{}
	}
	return Date{Year: int(int32(uint32(v.n >> 32))), Month: time.Month(int16(uint16(v.n >> 16))), Day: int(int16(uint16(v.n)))}
}

// Equal reports whether two values are the same: of one type, both null,
// or with equal contents (numbers as numbers: 0 equals -0, NaN nothing).
func (v Value) Equal(w Value) bool {
	switch {
	case v.typ != w.typ || v.valid != w.valid:
		return false
	case v.typ == codeFloat && v.valid:
		return v.Float() == w.Float()
	}
	return v == w
}

// Text renders the value as CSV and the data dictionary write it: integers
// in plain digits, numbers in the shortest form that reads back exactly,
// dates as YYYY-MM-DD, null as "".
func (v Value) Text() string {
	if !v.valid {
		return ""
	}
	switch v.typ {
	case codeInt:
		return strconv.FormatInt(v.Int(), 10)
	case codeFloat:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64)
	case codeDate:
		return v.Date().String()
	}
	return v.s
}

// Native returns the value as a plain Go value, for writers that take
// one (SQLite's driver, JSON): nil for null, int64, float64, and a string
// for text and for a date (YYYY-MM-DD).
func (v Value) Native() any {
	switch {
	case !v.valid:
		return nil
	case v.typ == codeInt:
		return v.Int()
	case v.typ == codeFloat:
		return v.Float()
	}
	return v.Text()
}

// GoString helps test failure messages.
func (v Value) GoString() string {
	if !v.valid {
		return fmt.Sprintf("null(%s)", v.Type())
	}
	return fmt.Sprintf("%s(%s)", v.Type(), v.Text())
}

// Row is one record, its values in the order of its table's columns.
type Row []Value
