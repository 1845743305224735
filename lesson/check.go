package lesson

import "fmt"

// Check prints a claim the lesson's prose makes about the numbers just computed, with its
// verdict at the values in force:
//
//	check ✓ μ = 0.81 settles fastest (128 steps against 219 at μ = 0.9)
//	check ✗ does not hold here: μ = 0.81 settles fastest (…)
//
// The course's tests fail on a ✗ at a notebook's committed values; after a changed flag the
// line tells the student whether the claim still holds there. It returns ok.
func Check(ok bool, format string, args ...any) bool {
	claim := fmt.Sprintf(format, args...)
	if ok {
		fmt.Println("check ✓ " + claim)
	} else {
		fmt.Println("check ✗ does not hold here: " + claim)
	}
	return ok
}
