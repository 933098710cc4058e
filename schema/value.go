package schema

import (
	"fmt"
	"strconv"
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
type Value struct {
	typ   Type
	valid bool
	s     string
	i     int64
	f     float64
	d     Date
}

// Null returns the null value of a type.
func Null(t Type) Value { return Value{typ: t} }

// Str returns a text value.
func Str(s string) Value { return Value{typ: TypeString, valid: true, s: s} }

// Int returns an integer value.
func Int(i int64) Value { return Value{typ: TypeInt, valid: true, i: i} }

// Float returns a number value.
func Float(f float64) Value { return Value{typ: TypeFloat, valid: true, f: f} }

// DateValue returns a date value.
func DateValue(d Date) Value { return Value{typ: TypeDate, valid: true, d: d} }

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

func (v Value) Type() Type         { return v.typ }
func (v Value) IsNull() bool       { return !v.valid }
func (v Value) String() string     { return v.s }
func (v Value) Int() int64         { return v.i }
func (v Value) Float() float64     { return v.f }
func (v Value) Date() Date         { return v.d }
func (v Value) Equal(w Value) bool { return v == w }

// Text renders the value as CSV and the data dictionary write it: integers
// in plain digits, numbers in the shortest form that reads back exactly,
// dates as YYYY-MM-DD, null as "".
func (v Value) Text() string {
	if !v.valid {
		return ""
	}
	switch v.typ {
	case TypeInt:
		return strconv.FormatInt(v.i, 10)
	case TypeFloat:
		return strconv.FormatFloat(v.f, 'f', -1, 64)
	case TypeDate:
		return v.d.String()
	}
	return v.s
}

// GoString helps test failure messages.
func (v Value) GoString() string {
	if !v.valid {
		return fmt.Sprintf("null(%s)", v.typ)
	}
	return fmt.Sprintf("%s(%s)", v.typ, v.Text())
}

// Row is one record, its values in the order of its table's columns.
type Row []Value
