// Command benchtable reads `go test -bench` output (several runs of each
// benchmark) and prints one Markdown table: per workload and library the
// median ns/op, the process's CPU time per operation (cpu-ns/op, where the
// benchmark reports it), B/op and allocs/op, and the time, CPU time and
// allocations as ratios to raw-pgx in the same run.
//
//	go test -run XXX -bench . -benchmem -count 6 | go run ./cmd/benchtable
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The baseline of the ratios.
const baseline = "raw-pgx"

type sample struct{ ns, cpu, bytes, allocs []float64 }

var line = regexp.MustCompile(`^Benchmark([^/\s]+)/(\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op(?:\s+([\d.]+) cpu-ns/op)?(?:\s+([\d.]+) B/op)?(?:\s+([\d.]+) allocs/op)?`)

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer) error {
	data := map[string]map[string]*sample{}
	var workloads []string
	libOrder := map[string][]string{}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		w, lib := m[1], m[2]
		if data[w] == nil {
			data[w] = map[string]*sample{}
			workloads = append(workloads, w)
		}
		s := data[w][lib]
		if s == nil {
			s = &sample{}
			data[w][lib] = s
			libOrder[w] = append(libOrder[w], lib)
		}
		s.ns = append(s.ns, num(m[3]))
		s.cpu = append(s.cpu, num(m[4]))
		s.bytes = append(s.bytes, num(m[5]))
		s.allocs = append(s.allocs, num(m[6]))
	}
	if err := sc.Err(); err != nil {
		return err
	}
	fmt.Fprintln(out, "| workload | library | time/op | CPU/op | B/op | allocs/op | time vs raw-pgx | CPU vs raw-pgx | allocs vs raw-pgx | runs |")
	fmt.Fprintln(out, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, w := range workloads {
		base := data[w][baseline]
		for _, lib := range libOrder[w] {
			s := data[w][lib]
			ns, cpu, b, a := median(s.ns), median(s.cpu), median(s.bytes), median(s.allocs)
			tr, cr, ar := "", "", ""
			if base != nil {
				tr = fmt.Sprintf("%.2fx", ns/median(base.ns))
				if bc := median(base.cpu); bc > 0 && cpu > 0 {
					cr = fmt.Sprintf("%.2fx", cpu/bc)
				}
				if ba := median(base.allocs); ba > 0 {
					ar = fmt.Sprintf("%.2fx", a/ba)
				}
			}
			cpuText := ""
			if cpu > 0 {
				cpuText = duration(cpu)
			}
			fmt.Fprintf(out, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |\n", w, lib, duration(ns), cpuText, count(b), count(a), tr, cr, ar, len(s.ns))
		}
	}
	return nil
}

func num(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
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

func duration(ns float64) string {
	switch {
	case ns >= 1e6:
		return strconv.FormatFloat(ns/1e6, 'f', 2, 64) + " ms"
	case ns >= 1e3:
		return strconv.FormatFloat(ns/1e3, 'f', 2, 64) + " µs"
	}
	return strconv.FormatFloat(ns, 'f', 0, 64) + " ns"
}

func count(x float64) string {
	s := strconv.FormatFloat(x, 'f', 0, 64)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
