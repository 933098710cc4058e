package quote

import (
	"os"
	"testing"
)

// BenchmarkFind finds a quote across a line break and a hyphenated word in
// the longest source text, as the builder does for every rule.
func BenchmarkFind(b *testing.B) {
	data, err := os.ReadFile("../../seeds/sources/ieee2021/text.txt")
	if err != nil {
		b.Fatal(err)
	}
	txt := New(string(data))
	const q = "the deployment along the Line of Contact and the Lachin corridor of a Russian peacekeeping force"
	b.ReportAllocs()
	for b.Loop() {
		if len(txt.Find(q)) != 1 {
			b.Fatal("quote not found once")
		}
	}
}

// BenchmarkNew measures preparing the longest text for matching.
func BenchmarkNew(b *testing.B) {
	data, err := os.ReadFile("../../seeds/sources/ieee2021/text.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		New(string(data))
	}
}

// BenchmarkIndex measures indexing the longest text, which Find does once
// a text has been searched a few times.
func BenchmarkIndex(b *testing.B) {
	data, err := os.ReadFile("../../seeds/texts/ieee2021.txt")
	if err != nil {
		b.Fatal(err)
	}
	txt := New(string(data))
	b.ReportAllocs()
	for b.Loop() {
		txt.index()
	}
}
