// Package lesson holds what the course's notebook cells share that is not the lesson itself:
// hyperparameters declared with their valid ranges, and claims printed as checks.
//
// A cell declares its hyperparameters at the top and names the ones it reads in its first line:
//
//	var lr = lesson.Float("lr", 0.1, 1e-4, 10, "learning rate η")
//	var steps = lesson.Int("steps", 100, 1, 10000, "number of steps")
//
//	%%
//	lesson.Use(lr, steps)
//
// so that `%% --lr=0.3` reruns it with another value. GoNB builds every cell's declarations
// into one program and parses the `%%` arguments against all of them; Use parses them again
// against this cell's flags only. A value out of range, a flag this cell does not read, a typo
// or an argument without dashes (`%% lr=0.3`) stops the cell with one line that names the
// problem and lists the cell's flags with their defaults and ranges: never a usage dump, never
// a silent ignore, never a Go panic.
package lesson

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

// param is one declared hyperparameter: how to describe it, parse it and reset it.
type param struct {
	Name  string   `json:"name"`
	Kind  string   `json:"kind"` // float, int, choice, floats
	Def   string   `json:"default"`
	Lo    float64  `json:"lo,omitempty"`
	Hi    float64  `json:"hi,omitempty"`
	Log   bool     `json:"log,omitempty"` // the range spans decades: sample it on a log scale
	Set   []string `json:"choices,omitempty"`
	usage string
	parse func(string) error // validates and stores a value
}

var (
	byName = map[string]*param{}
	byPtr  = map[any]*param{}
)

func init() {
	// GoNB calls flag.Parse on the `%%` arguments before the cell runs; Use does the real
	// parsing, so the flag package must neither stop the program nor print its usage.
	flag.CommandLine.Init(os.Args[0], flag.ContinueOnError)
	flag.CommandLine.SetOutput(io.Discard)
}

func declare(p *param, ptr any) {
	p.Log = p.Lo > 0 && p.Hi/p.Lo >= 100
	byName[p.Name] = p
	byPtr[ptr] = p
}

// Float declares a real hyperparameter with default def and valid range [lo, hi].
func Float(name string, def, lo, hi float64, usage string) *float64 {
	v := new(float64)
	*v = def
	p := &param{Name: name, Kind: "float", Def: fmtFloat(def), Lo: lo, Hi: hi, usage: usage}
	p.parse = func(s string) error {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) || x < lo || x > hi {
			return fmt.Errorf("want a number in [%s, %s]", fmtFloat(lo), fmtFloat(hi))
		}
		*v = x
		return nil
	}
	declare(p, v)
	return v
}

// Int declares an integer hyperparameter with default def and valid range [lo, hi].
func Int(name string, def, lo, hi int, usage string) *int {
	v := new(int)
	*v = def
	p := &param{Name: name, Kind: "int", Def: strconv.Itoa(def), Lo: float64(lo), Hi: float64(hi), usage: usage}
	p.parse = func(s string) error {
		x, err := strconv.Atoi(s)
		if err != nil || x < lo || x > hi {
			return fmt.Errorf("want a whole number in [%d, %d]", lo, hi)
		}
		*v = x
		return nil
	}
	declare(p, v)
	return v
}

// Choice declares a hyperparameter that takes one of the given names; def is one of them.
func Choice(name, def string, choices []string, usage string) *string {
	v := new(string)
	*v = def
	p := &param{Name: name, Kind: "choice", Def: def, Set: choices, usage: usage}
	p.parse = func(s string) error {
		if !slices.Contains(choices, s) {
			return fmt.Errorf("want one of %s", strings.Join(choices, ", "))
		}
		*v = s
		return nil
	}
	declare(p, v)
	return v
}

// Floats declares a comma-separated list of reals, each in [lo, hi], with 1 to maxLen entries.
func Floats(name string, def []float64, lo, hi float64, maxLen int, usage string) *[]float64 {
	v := new([]float64)
	*v = slices.Clone(def)
	text := make([]string, len(def))
	for i, x := range def {
		text[i] = fmtFloat(x)
	}
	p := &param{Name: name, Kind: "floats", Def: strings.Join(text, ","), Lo: lo, Hi: hi, usage: usage}
	p.parse = func(s string) error {
		want := fmt.Errorf("want 1 to %d comma-separated numbers in [%s, %s]", maxLen, fmtFloat(lo), fmtFloat(hi))
		fields := strings.Split(s, ",")
		if len(fields) > maxLen {
			return want
		}
		xs := make([]float64, len(fields))
		for i, f := range fields {
			x, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil || math.IsNaN(x) || x < lo || x > hi {
				return want
			}
			xs[i] = x
		}
		*v = xs
		return nil
	}
	declare(p, v)
	return v
}

// Use parses the cell's `%%` arguments against exactly the given flags (the pointers that
// Float, Int, Choice and Floats returned), after resetting each to its default. It stops the
// cell with one line on stderr when an argument is not one of them or a value is out of range.
// With the argument --describe it prints the flags as JSON and stops: the course's tests read
// it to sweep each flag over its range.
func Use(flags ...any) {
	ps := make([]*param, len(flags))
	for i, f := range flags {
		if ps[i] = byPtr[f]; ps[i] == nil {
			stop(fmt.Sprintf("lesson.Use: argument %d is not a flag declared with lesson.Float, Int, Choice or Floats", i+1), nil)
		}
		if err := ps[i].parse(ps[i].Def); err != nil {
			stop(fmt.Sprintf("flag --%s: its default %s is outside its own range (%v)", ps[i].Name, ps[i].Def, err), nil)
		}
	}
	if err := parseArgs(os.Args[1:], ps); err != nil {
		stop(err.Error(), ps)
	}
}

// parseArgs sets the flags ps from args: --name=value, -name=value, --name value.
func parseArgs(args []string, ps []*param) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--describe" {
			json.NewEncoder(os.Stdout).Encode(ps)
			os.Exit(0)
		}
		if !strings.HasPrefix(a, "-") {
			return fmt.Errorf("%q is not a flag: write it with two dashes, as in %%%% --%s", a, strings.TrimLeft(a, "-"))
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		var p *param
		for _, q := range ps {
			if q.Name == name {
				p = q
			}
		}
		switch {
		case p == nil && byName[name] != nil:
			return fmt.Errorf("this cell does not use --%s (another cell does)", name)
		case p == nil:
			return fmt.Errorf("there is no flag --%s", name)
		case !hasValue && i+1 < len(args) && !strings.HasPrefix(args[i+1], "--"):
			i++
			value = args[i]
		case !hasValue:
			return fmt.Errorf("--%s needs a value, as in --%s=%s", name, name, p.Def)
		}
		if err := p.parse(value); err != nil {
			return fmt.Errorf("--%s=%s: %v", name, value, err)
		}
	}
	return nil
}

// stop prints one line, the problem and the cell's flags, and ends the cell. It exits with
// status 0, so that GoNB adds no "exit status" lines of its own: the line is all a student sees.
func stop(problem string, ps []*param) {
	var flags []string
	for _, p := range ps {
		flags = append(flags, p.describe())
	}
	line := "✗ " + problem + "."
	if len(ps) > 0 {
		line += " This cell's flags: " + strings.Join(flags, ", ") + "."
	}
	fmt.Fprintln(os.Stderr, line)
	os.Exit(0)
}

// describe is "--lr=0.1 (in [0.0001, 10])": the default and what is allowed.
func (p *param) describe() string {
	switch p.Kind {
	case "choice":
		return fmt.Sprintf("--%s=%s (one of %s)", p.Name, p.Def, strings.Join(p.Set, ", "))
	case "floats":
		return fmt.Sprintf("--%s=%s (numbers in [%s, %s])", p.Name, p.Def, fmtFloat(p.Lo), fmtFloat(p.Hi))
	}
	return fmt.Sprintf("--%s=%s (in [%s, %s])", p.Name, p.Def, fmtFloat(p.Lo), fmtFloat(p.Hi))
}

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
