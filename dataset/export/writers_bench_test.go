package export

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/armsdata/armsdata/dataset"
	"github.com/armsdata/armsdata/schema"
)

// BenchmarkWriters measures each writer on n synthetic rows of the widest
// table (arms_transfers, 39 columns) side by side with a peer doing the same
// job on the same rows in the same run: DuckDB's COPY … (FORMAT csv) and
// (FORMAT parquet) on one thread for CSV and Parquet, excelize's StreamWriter
// with its defaults (one sheet, the standard zip writer) for XLSX.
//
// n is 100,000; BENCH_FULL=1 adds 1,000,000. Every iteration runs ours and
// then the peer; the metrics are medians over the iterations, so run it with
// several, e.g.
//
//	go test ./dataset/export -run NONE -bench Writers -benchtime 5x
//
// Metrics: s-ours and s-peer (seconds), ratio (ours / peer: the CSV and
// Parquet targets are ≤ 1.5, the XLSX target ≤ 0.5), allocMB-ours and
// allocMB-peer (bytes allocated on the Go heap, which the collector must
// reclaim), from the timed runs; then, from one more run of each with the
// collector at GOGC=10, heapMB-ours and heapMB-peer (the peak Go heap above
// the rows, sampled every 2 ms: what the writer holds, plus garbage of at
// most a tenth of the live heap) and rssMB-ours and rssMB-peer (the peak
// resident set above the one before, Linux only: DuckDB allocates outside
// the Go heap). ns/op counts our writer alone.
func BenchmarkWriters(b *testing.B) {
	sizes := []int{100_000}
	if os.Getenv("BENCH_FULL") == "1" {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		b.Run("rows="+strconv.Itoa(n), func(b *testing.B) {
			rel := benchRelease(n)
			peer, err := newDuckPeer(b.TempDir(), rel)
			if err != nil {
				b.Fatal(err)
			}
			defer peer.Close()
			b.Run("csv", func(b *testing.B) {
				benchPair(b, rel, CSV{}, func(dir string) error { return peer.copyTo(filepath.Join(dir, "peer.csv"), "csv") })
			})
			b.Run("parquet", func(b *testing.B) {
				benchPair(b, rel, Parquet{}, func(dir string) error { return peer.copyTo(filepath.Join(dir, "peer.parquet"), "parquet") })
			})
			b.Run("xlsx", func(b *testing.B) {
				benchPair(b, rel, XLSX{}, func(dir string) error { return excelizeDefaults(filepath.Join(dir, "peer.xlsx"), rel.Tables[0]) })
			})
		})
	}
}

// benchPair runs e and then peer once per timed iteration, each into a
// directory of its own that is removed afterwards (the 1M-row files take
// gigabytes), and then each once more to measure its memory; it reports the
// medians of the timed runs.
func benchPair(b *testing.B, rel *dataset.Release, e Exporter, peer func(dir string) error) {
	run := func(f func(dir string) error, m func(func() error) (measure, error)) measure {
		dir, err := os.MkdirTemp(b.TempDir(), "run")
		if err != nil {
			b.Fatal(err)
		}
		defer os.RemoveAll(dir)
		r, err := m(func() error { return f(dir) })
		if err != nil {
			b.Fatal(err)
		}
		return r
	}
	ours := func(dir string) error { return e.Export(dir, rel) }
	var times, peerTimes []measure
	for b.Loop() {
		times = append(times, run(ours, timed))
		b.StopTimer()
		peerTimes = append(peerTimes, run(peer, timed))
		b.StartTimer()
	}
	b.StopTimer()
	mem, peerMem := run(ours, sampled), run(peer, sampled)
	ratios := make([]float64, len(times))
	for i := range times {
		ratios[i] = times[i].d.Seconds() / peerTimes[i].d.Seconds()
	}
	med := func(ms []measure, f func(measure) float64) float64 {
		xs := make([]float64, len(ms))
		for i, m := range ms {
			xs[i] = f(m)
		}
		return median(xs)
	}
	secs := func(m measure) float64 { return m.d.Seconds() }
	allocated := func(m measure) float64 { return float64(m.alloc) / (1 << 20) }
	b.ReportMetric(med(times, secs), "s-ours")
	b.ReportMetric(med(peerTimes, secs), "s-peer")
	b.ReportMetric(median(ratios), "ratio")
	b.ReportMetric(med(times, allocated), "allocMB-ours")
	b.ReportMetric(med(peerTimes, allocated), "allocMB-peer")
	b.ReportMetric(float64(mem.heap)/(1<<20), "heapMB-ours")
	b.ReportMetric(float64(peerMem.heap)/(1<<20), "heapMB-peer")
	b.ReportMetric(float64(mem.rss)/(1<<20), "rssMB-ours")
	b.ReportMetric(float64(peerMem.rss)/(1<<20), "rssMB-peer")
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// measure is one run: its wall time, the bytes it allocated, and the peak
// memory it took above what was in use when it began.
type measure struct {
	d                time.Duration
	alloc, heap, rss uint64
}

// timed runs f after a collection and measures its time and allocations.
func timed(f func() error) (measure, error) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	err := f()
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return measure{d: d, alloc: after.TotalAlloc - before.TotalAlloc}, err
}

// sampled runs f to measure the memory it holds: with the collector at
// GOGC=10, so that garbage adds at most a tenth of the live heap (the rows
// above all) to the peak, the Go heap sampled every 2 ms, and the kernel's
// high-water mark of the resident set reset before f (Linux:
// /proc/self/clear_refs; elsewhere rss stays 0), which counts DuckDB's
// memory too.
func sampled(f func() error) (measure, error) {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	debug.FreeOSMemory()
	base := heapObjects()
	resetPeakRSS()
	rss0 := procStatus("VmRSS")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var peak uint64
	wg.Go(func() {
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			peak = max(peak, heapObjects())
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	})
	start := time.Now()
	err := f()
	d := time.Since(start)
	close(stop)
	wg.Wait()
	m := measure{d: d}
	if peak > base {
		m.heap = peak - base
	}
	if hwm := procStatus("VmHWM"); hwm > rss0 {
		m.rss = hwm - rss0
	}
	return m, err
}

// heapObjects is the memory taken by live and not yet swept heap objects.
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// resetPeakRSS resets VmHWM to the current resident set (Linux ≥ 4.0).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// procStatus reads a "kB" field of /proc/self/status, in bytes; 0 where
// there is none.
func procStatus(field string) uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}

// benchRelease is a release of one table, arms_transfers, with n rows of
// the kind the builder makes: ids, actor codes and names, vocabulary codes,
// figure texts with their values, dates, citations, addresses on some rows
// (more than the workbook's cap on links) and quotes of about 200
// characters with commas, quotation marks and the odd line break. The rows
// are the same for the same n.
func benchRelease(n int) *dataset.Release {
	t := schema.ArmsTransfers
	cols := t.Columns()
	rng := rand.New(rand.NewPCG(uint64(n), 1))
	actors := [][2]string{{"RUS", "Russia"}, {"ARM", "Armenia"}, {"AZE", "Azerbaijan"}, {"UKR", "Ukraine"},
		{"TUR", "Turkey"}, {"ISR", "Israel"}, {"BLR", "Belarus"}, {"GEO", "Georgia"}, {"IRN", "Iran"}, {"USA", "United States"}}
	weapons := [][3]string{{"MiG-25", "MiG-25 fighter jets", "fighter jets"}, {"S-300", "S-300 air defence systems", "batteries"},
		{"T-72", "T-72 main battle tanks", "tanks"}, {"", "long-range missiles", "missiles"}, {"Smerch", "Smerch multiple rocket launchers", "launchers"},
		{"Bayraktar TB2", "Bayraktar TB2 drones", "drones"}, {"", "armoured personnel carriers", "vehicles"}, {"Iskander", "Iskander-M missile systems", "systems"}}
	words := strings.Fields("the ministry of defence said that deliveries of armoured vehicles and air defence systems " +
		"had begun under the agreement signed in with Russia while officials in Baku declined to confirm the number " +
		"reported by the institute according to sources familiar with the contract worth an estimated billion dollars")
	prose := func(chars int) string {
		var sb strings.Builder
		for sb.Len() < chars {
			if sb.Len() > 0 {
				switch r := rng.IntN(40); {
				case r == 0:
					sb.WriteString(",\n")
				case r < 4:
					sb.WriteString(", ")
				case r == 4:
					sb.WriteString(` "`)
				default:
					sb.WriteByte(' ')
				}
			}
			sb.WriteString(words[rng.IntN(len(words))])
		}
		return sb.String()
	}
	vocab := func(c schema.Column) string {
		codes := c.Vocab.Codes()
		return codes[rng.IntN(len(codes))]
	}
	date := func(y int) schema.Date {
		d, err := schema.NewDate(y, time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
		if err != nil {
			panic(err)
		}
		return d
	}
	rows := make([]schema.Row, n)
	for i := range rows {
		src := fmt.Sprintf("src%05d", i/200)
		sup, rec, w := actors[rng.IntN(len(actors))], actors[rng.IntN(len(actors))], weapons[rng.IntN(len(weapons))]
		id := fmt.Sprintf("%s-%s-%s-%07d", src, strings.ToLower(rec[0]), strings.ToLower(strings.ReplaceAll(w[1], " ", "-")[:8]), i)
		qty := int64(1 + rng.IntN(300))
		year := 1992 + rng.IntN(30)
		start := int64(rng.IntN(200_000))
		quote := prose(180 + rng.IntN(60))
		row := make(schema.Row, len(cols))
		for j, c := range cols {
			v := schema.Null(c.Type)
			switch c.Name {
			case "id":
				v = schema.Str(id)
			case "supplier":
				if i%5 != 0 {
					v = schema.Str(sup[0])
				}
			case "supplier_name":
				if i%5 != 0 {
					v = schema.Str(sup[1])
				}
			case "recipient":
				v = schema.Str(rec[0])
			case "recipient_name":
				v = schema.Str(rec[1])
			case "designation":
				v = schema.OptStr(w[0])
			case "weapon":
				v = schema.Str(w[1])
			case "unit":
				v = schema.Str(w[2])
			case "quantity_text":
				v = schema.Str(strconv.FormatInt(qty, 10))
			case "quantity", "quantity_low":
				v = schema.Int(qty)
			case "quantity_high":
				if i%7 == 0 {
					v = schema.Int(qty + 10)
				}
			case "value_text":
				if i%3 == 0 {
					v = schema.Str(fmt.Sprintf("$%d million", qty*3))
				}
			case "value", "value_low":
				if i%3 == 0 {
					v = schema.Float(float64(qty) * 3e6)
				}
			case "value_high":
				if i%9 == 0 {
					v = schema.Float(float64(qty)*3e6 + 0.5e6)
				}
			case "value_currency":
				if i%3 == 0 {
					v = schema.Str("USD")
				}
			case "when_text":
				v = schema.Str(strconv.Itoa(year))
			case "when_start":
				v = schema.DateValue(date(year))
			case "when_end":
				v = schema.DateValue(date(year + 1))
			case "when_note":
				if i%4 == 0 {
					v = schema.Str(`"has acquired": before the source's (inferred) date of ` + strconv.Itoa(year) + `; the text gives no years.`)
				}
			case "attribution":
				if i%6 == 0 {
					v = schema.Str("Stockholm International Peace Research Institute")
				}
			case "link_key":
				if i%10 == 0 {
					v = schema.Str(fmt.Sprintf("%s-%s-%d", strings.ToLower(rec[0]), w[2], year))
				}
			case "note":
				if i%2 == 0 {
					v = schema.Str(prose(80 + rng.IntN(80)))
				}
			case "source_id":
				v = schema.Str(src)
			case "citation":
				v = schema.Str(fmt.Sprintf("Author %d, “Arms and the Caucasus”, Journal of Studies %d (%d).", i/200, i%40, year))
			case "source_url":
				if i%2 == 0 {
					v = schema.Str(fmt.Sprintf("https://example.org/news/%d/%s.html", year, src))
				}
			case "quote":
				v = schema.Str(quote)
			case "quote_display":
				v = schema.Str(strings.Join(strings.Fields(quote), " "))
			case "quote_start":
				v = schema.Int(start)
			case "quote_end":
				v = schema.Int(start + int64(len([]rune(quote))))
			case "quote_line":
				v = schema.Int(1 + start/80)
			default:
				if c.Vocab != nil && (!c.Nullable || i%2 == 0) {
					v = schema.Str(vocab(c))
				}
			}
			if v.IsNull() && !c.Nullable {
				panic("benchRelease: no value for required column " + c.Name)
			}
			row[j] = v
		}
		rows[i] = row
	}
	slices.SortFunc(rows, func(a, b schema.Row) int { return strings.Compare(a[0].String(), b[0].String()) })
	return &dataset.Release{
		Meta:   dataset.Meta{Name: "bench", Title: "Benchmark release", Version: "0.0.0-bench"},
		Tables: []*dataset.Table{{Schema: t, Rows: rows}},
	}
}

// excelizeDefaults is the XLSX peer: the rows of t written to one sheet by
// excelize's StreamWriter with its defaults, as its documentation shows:
// numbers as numbers, dates as date cells, text as inline strings.
func excelizeDefaults(path string, t *dataset.Table) error {
	f := excelize.NewFile()
	defer f.Close()
	dateFmt := "yyyy-mm-dd"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	cols := t.Schema.Columns()
	cells := make([]any, len(cols))
	for i, c := range cols {
		cells[i] = c.Name
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for i, row := range t.Rows {
		cells := make([]any, len(row))
		for j, v := range row {
			switch {
			case v.IsNull():
			case v.Type() == schema.TypeInt:
				cells[j] = v.Int()
			case v.Type() == schema.TypeFloat:
				cells[j] = v.Float()
			case v.Type() == schema.TypeDate:
				cells[j] = excelize.Cell{StyleID: dateStyle, Value: v.Date().Time()}
			default:
				cells[j] = v.String()
			}
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(ref, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}
