package lesson

import (
	"strings"
	"testing"
)

func TestParseArgs(t *testing.T) {
	lr := Float("lr", 0.1, 1e-4, 10, "learning rate")
	steps := Int("steps", 100, 1, 1000, "steps")
	opt := Choice("opt", "sgd", []string{"sgd", "adam"}, "optimiser")
	lrs := Floats("lrs", []float64{0.1, 1}, 1e-3, 10, 4, "rates")
	mu := Float("mu", 0.9, 0, 0.999, "momentum")
	_ = mu
	ps := []*param{byPtr[lr], byPtr[steps], byPtr[opt], byPtr[lrs]}
	for _, c := range []struct {
		args []string
		err  string // "" for none
	}{
		{[]string{"--lr=0.3", "--steps", "20", "-opt=adam", "--lrs=0.01,0.1,1"}, ""},
		{[]string{"--lr=10"}, ""},
		{[]string{"--lr=10.5"}, "--lr=10.5: want a number in [0.0001, 10]"},
		{[]string{"--lr=NaN"}, "want a number"},
		{[]string{"--lr=abc"}, "want a number"},
		{[]string{"--steps=0"}, "--steps=0: want a whole number in [1, 1000]"},
		{[]string{"--steps=2.5"}, "want a whole number"},
		{[]string{"--opt=lion"}, "want one of sgd, adam"},
		{[]string{"--lrs=0.1,0.1,0.1,0.1,0.1"}, "want 1 to 4 comma-separated numbers"},
		{[]string{"--lrs=0.1,,1"}, "want 1 to 4"},
		{[]string{"--mu=0.5"}, "this cell does not use --mu (another cell does)"},
		{[]string{"--nu=0.5"}, "there is no flag --nu"},
		{[]string{"lr=0.9"}, `"lr=0.9" is not a flag: write it with two dashes, as in %% --lr=0.9`},
		{[]string{"--lr"}, "--lr needs a value, as in --lr=0.1"},
	} {
		err := parseArgs(c.args, ps)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%v: unexpected error %v", c.args, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%v: error %v, want one containing %q", c.args, err, c.err)
		}
	}
	if err := parseArgs([]string{"--lr=0.3", "--steps", "20", "--opt=adam", "--lrs=0.01,0.1"}, ps); err != nil {
		t.Fatal(err)
	}
	if *lr != 0.3 || *steps != 20 || *opt != "adam" || len(*lrs) != 2 || (*lrs)[0] != 0.01 {
		t.Errorf("values not stored: %v %v %v %v", *lr, *steps, *opt, *lrs)
	}
	if got, want := byPtr[lr].describe(), "--lr=0.1 (in [0.0001, 10])"; got != want {
		t.Errorf("describe = %q, want %q", got, want)
	}
	if !byPtr[lr].Log || byPtr[mu].Log {
		t.Errorf("log scale: lr %v (want true), mu %v (want false)", byPtr[lr].Log, byPtr[mu].Log)
	}
}
