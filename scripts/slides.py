"""Chooses where each notebook's slide deck is cut, and writes it into the notebook's metadata.

    slides.py [NOTEBOOK ...]     mark the notebooks (all of the course's by default) in place
    slides.py --check [NOTEBOOK ...]   list cells without a slide type; exit 1 if any

A deck is cut by the cells' slideshow.slide_type metadata, which JupyterLab's RISE extension
(jupyterlab-rise, "Render as slideshow") and nbconvert's reveal.js decks on the course site both
read, so a teacher projects the same slides from either. Cells that already carry a slide type keep
it (a teacher's own choice in JupyterLab's property inspector wins). For the others:
  - a markdown cell that holds a heading after some prose is first split into two cells there
    (exercise metadata stays with the part that asks the exercises, and the exercises' cell
    indices are shifted), so that every heading can open a slide;
  - the setup cell is skipped;
  - a heading opens a slide;
  - a code cell (with its outputs: the figure and the printed numbers) opens a sub-slide;
  - prose after a code cell stays on that cell's sub-slide, unless the cell drew a figure or the
    prose is long (over 400 characters): then it opens a sub-slide of its own, so that a slide
    holds either a figure or its discussion at 1024x768.
The notebook's RISE settings get `scroll: true` (unless set), so a code cell with its figure, taller
than a projector's screen, scrolls instead of being cut. Outputs are never touched.
"""

import re
import sys
from pathlib import Path

import nbformat

SETUP_CELL = re.compile(r"notebook-module\.sh|^%noautoget", re.M)
HEADING = re.compile(r"#{1,3}\s")
LONG_PROSE = 400
ROOT = Path(__file__).resolve().parent.parent


def slide_type(cell):
    return cell.metadata.get("slideshow", {}).get("slide_type")


def split_at_headings(source):
    """A markdown cell's text cut before each heading (outside code fences) that is not its first line."""
    parts, cur, fence = [], [], False
    for line in source.splitlines(keepends=True):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if not fence and HEADING.match(line) and "".join(cur).strip():
            parts.append("".join(cur))
            cur = []
        cur.append(line)
    parts.append("".join(cur))
    return [p.rstrip("\n") for p in parts if p.strip()]


def has_figure(cell):
    return any("image/svg+xml" in o.get("data", {}) or "image/png" in o.get("data", {})
               or 'class="descent-explorer"' in o.get("data", {}).get("text/html", "")
               for o in cell.get("outputs", []))


def split_cells(nb):
    """Splits unmarked markdown cells at their inner headings; returns how many cells were added."""
    cells, moved = [], {}  # moved: old index -> new index, for the exercises' code cells
    for i, cell in enumerate(nb.cells):
        moved[i] = len(cells)
        parts = split_at_headings(cell.source) if cell.cell_type == "markdown" and not slide_type(cell) else []
        if len(parts) < 2:
            cells.append(cell)
            continue
        asks = cell.metadata.get("descent", {}).get("exercises")
        keep = next((k for k, p in enumerate(parts) if asks and re.search(r"exercise", p, re.I)), len(parts) - 1)
        for k, part in enumerate(parts):
            cells.append(nbformat.v4.new_markdown_cell(part, metadata=cell.metadata if k == keep else {}))
    added = len(cells) - len(nb.cells)
    nb.cells = cells
    for cell in cells:
        for ex in cell.metadata.get("descent", {}).get("exercises", []):
            ex["cell"] = moved[ex["cell"]]
    return added


def mark(nb):
    """Splits and marks the notebook's unmarked cells (see the module's doc); returns the number of
    cells added by splitting and the number of cells marked."""
    added, marked, prev = split_cells(nb), 0, None  # prev: the last cell shown
    rise = nb.metadata.setdefault("rise", {})
    if "scroll" not in rise:
        rise["scroll"], marked = True, 1
    for cell in nb.cells:
        kind = slide_type(cell)
        if not kind:
            if cell.cell_type == "code" and SETUP_CELL.search(cell.source):
                kind = "skip"
            elif cell.cell_type == "markdown" and HEADING.match(cell.source.lstrip()):
                kind = "slide"
            elif cell.cell_type == "code":
                kind = "subslide"
            elif prev is not None and prev.cell_type == "code" and (has_figure(prev) or len(cell.source) > LONG_PROSE):
                kind = "subslide"
            else:
                kind = "-"
            cell.metadata.setdefault("slideshow", {})["slide_type"] = kind
            marked += 1
        prev = cell if kind != "skip" else prev
    return added, marked


def unmarked(nb):
    return [i for i, c in enumerate(nb.cells) if not slide_type(c)] + (["rise.scroll"] if "scroll" not in nb.metadata.get("rise", {}) else [])


def main(argv):
    check = "--check" in argv
    paths = [Path(p) for p in argv[1:] if p != "--check"] or sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    bad = 0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if check:
            if unmarked(nb):
                bad += 1
                print(f"slides: {path.name}: cells {unmarked(nb)} have no slide type (or no RISE scroll setting) (run scripts/slides.py {path})")
            continue
        added, marked = mark(nb)
        if marked:
            nbformat.write(nb, path)
        decks = sum(slide_type(c) in ("slide", "subslide") for c in nb.cells)
        print(f"slides: {path.name}: {decks} slides; {marked} marks set, {added} added by splitting at headings")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
