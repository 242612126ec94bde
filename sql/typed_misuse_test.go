package sql_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestTypedMisuseDoesNotCompile builds testdata/typedmisuse, a file of
// calls that type safety must reject (an int64 column compared with a
// string, arithmetic on a string column, LIKE on an integer column, the
// untyped operators of a typed column...), and checks that the compiler
// reports each of them, on its line, with the expected message, and
// nothing else.
func TestTypedMisuseDoesNotCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	file := filepath.Join("testdata", "typedmisuse", "misuse.go")
	want := misuseMarks(t, file)
	if len(want) == 0 {
		t.Fatal("no ERROR marks in " + file)
	}
	out, err := exec.Command(goCmd, "build", "-gcflags=-e", "-o", os.DevNull, file).CombinedOutput()
	if err == nil {
		t.Fatalf("%s compiled; every marked line should fail", file)
	}
	got := map[int][]string{}
	lineRE := regexp.MustCompile(`misuse\.go:(\d+):\d+: (.*)`)
	for _, l := range strings.Split(string(out), "\n") {
		if m := lineRE.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[1])
			got[n] = append(got[n], m[2])
		}
	}
	for line, re := range want {
		msgs := got[line]
		if len(msgs) == 0 {
			t.Errorf("line %d compiled; want an error matching %s", line, re)
			continue
		}
		if !re.MatchString(strings.Join(msgs, "\n")) {
			t.Errorf("line %d: got %q, want an error matching %s", line, msgs, re)
		}
	}
	for line, msgs := range got {
		if want[line] == nil {
			t.Errorf("line %d: unexpected error %q", line, msgs)
		}
	}
}

// misuseMarks reads the ERROR marks of file (a regular expression between
// backquotes), by line.
func misuseMarks(t *testing.T, file string) map[int]*regexp.Regexp {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	marks := map[int]*regexp.Regexp{}
	markRE := regexp.MustCompile("// ERROR `([^`]*)`")
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if m := markRE.FindStringSubmatch(sc.Text()); m != nil {
			marks[n] = regexp.MustCompile(m[1])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return marks
}
