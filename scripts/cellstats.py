"""Measures what a student reads in the course's code cells, and lists what is over the aims.

    cellstats.py [--strict] [NOTEBOOK ...]

The aims (issue 11): code cells, counted without imports, blank lines, comments and `%`/`!` lines,
have a median of at most 15 lines and none over 40; no function is declared in more than one
notebook cell (shared helpers live in the lesson package); no lesson cell imports gonum/plot
directly (00's "what sits underneath" cell excepted); every cell's Go code is gofmt-clean.
With --strict it exits 1 when an aim is missed; without, it lists what misses them (make test
does that until the notebooks meet the aims).
"""

import re
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).parent))
from nbrun import course  # noqa: E402

MEDIAN_AIM, LONGEST_AIM = 15, 40
IMPORTS = re.compile(r"^import\s*\((?:.|\n)*?^\)|^import\s+\S+.*$", re.M)
FUNC = re.compile(r"^func\s+(?:\([^)]*\)\s*)?(\w+)", re.M)
GONUM_PLOT = re.compile(r'"gonum\.org/v1/plot[/"]')


def lesson_lines(source):
    """The lines a student reads as the lesson: no imports, blank lines, comments or magics."""
    body = IMPORTS.sub("", source)
    return [l for l in body.splitlines() if l.strip() and not l.strip().startswith(("//", "%", "!"))]


def as_go(source):
    """The cell as a Go file gofmt can read: declarations as they are, the `%%` part as main."""
    lines = [l for l in source.splitlines() if not l.startswith(("%", "!"))]
    head, _, body = source.partition("\n%%")
    if not _:
        return "package main\n" + "\n".join(lines) + "\n"
    body = body.split("\n", 1)[1] if "\n" in body else ""
    decl = [l for l in head.splitlines() if not l.startswith(("%", "!"))]
    main = ["\t" + l if l.strip() else "" for l in body.splitlines() if not l.startswith(("%", "!"))]
    return "package main\n" + "\n".join(decl) + "\nfunc main() {\n" + "\n".join(main) + "\n}\n"


def nonblank(text):
    """The text's lines without the blank ones (the wrapping in as_go moves blank lines)."""
    return [l for l in text.splitlines() if l.strip()]


def main(argv):
    strict = "--strict" in argv
    paths = [Path(p) for p in argv[1:] if p != "--strict"] or course()
    sizes, over, unformatted, gonum = [], [], [], []
    funcs = defaultdict(list)
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            where = f"{path.name} cell {i}"
            n = len(lesson_lines(cell.source))
            if n:
                sizes.append(n)
            if n > LONGEST_AIM:
                over.append(f"{where}: {n} lines")
            for name in FUNC.findall(cell.source.partition("\n%%")[0]):
                funcs[name].append(where)
            if GONUM_PLOT.search(cell.source) and not path.name.startswith("00-"):
                gonum.append(where)
            go = as_go(cell.source)
            fmt = subprocess.run(["gofmt"], input=go, capture_output=True, text=True)
            if fmt.returncode == 0 and nonblank(fmt.stdout) != nonblank(go):
                unformatted.append(where)
    twice = {name: places for name, places in funcs.items() if len(places) > 1}
    median = statistics.median(sizes) if sizes else 0
    print(f"cells: {len(sizes)} code cells, median {median:g} lines (aim <= {MEDIAN_AIM}), longest {max(sizes, default=0)} "
          f"(aim <= {LONGEST_AIM}), {len(over)} over; {len(funcs)} functions declared in cells, "
          f"{len(twice)} in more than one; {len(gonum)} cells import gonum/plot; {len(unformatted)} not gofmt-clean")
    problems = ([f"median cell length {median:g} > {MEDIAN_AIM}"] if median > MEDIAN_AIM else []) + \
        [f"over {LONGEST_AIM} lines: {o}" for o in over] + \
        [f"func {name} declared in {', '.join(p)}" for name, p in sorted(twice.items())] + \
        [f"imports gonum/plot directly: {g}" for g in gonum] + [f"not gofmt-clean: {u}" for u in unformatted]
    for p in problems:
        print("  " + p)
    return 1 if problems and strict else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
