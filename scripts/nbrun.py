"""Executes the course notebooks headless through the course's GoNB kernel and checks them.

    nbrun.py check [NOTEBOOK ...]   execute, compare with the committed outputs, print a table
    nbrun.py write [NOTEBOOK ...]   execute and store the fresh outputs in the notebooks
    nbrun.py speed                  time the whole course run serially, then in parallel
    nbrun.py html                   render the committed notebooks into build/site/

check and write run the notebooks in parallel, one kernel per notebook and as many at once as the
machine has cores (NBRUN_JOBS=n to change that); the table keeps course order.
A notebook fails when a cell errors; when an output holds a Go panic or compile error; when a cell
that calls plots.Show or plots.Play shows no figure (an SVG, and the PNG that a notebook opened
untrusted shows instead); when it runs past its time budget (metadata descent.budget_seconds,
default 60, times NBRUN_SLACK where set, for a machine busy with other work); and, for `check`,
when a cell's text output differs from the committed one. Two tags exempt a cell from that
comparison: "volatile" always (wall-clock figures), "blas-digits" when the kernels build on
another BLAS than the committed outputs' (chaotic training runs, whose digits follow the last bit
of each matrix product; the committed outputs come from OpenBLAS's Haswell kernels on one thread,
and `write` refuses to run on another build: COMMITTED_BLAS). The module
proxy is cut off (GOPROXY=off): after setup, notebooks must build from the module cache alone.
"""

import base64
import difflib
import html
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from slides import mark as mark_slides, unmarked

ROOT = Path(__file__).resolve().parent.parent
# The kernels started here need no editor hints (kernel.sh then starts no gopls).
os.environ["DESCENT_HEADLESS"] = "1"
# The checkout's own kernelspec comes first (see setup.sh), as for `make lab`.
os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(ROOT / ".venv" / "share" / "jupyter"),
                                                           os.environ.get("JUPYTER_PATH")]))
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_BUDGET = 60
KERNEL = "descent-go"  # registered by setup.sh in the checkout's .venv/share/jupyter
SHOWS_FIGURE = re.compile(r"\bplots\.(Show|Play)\(")
GO_FAILURE = re.compile(r"^panic: |^goroutine \d+ \[|^fatal error: |\.go:\d+:\d+: ", re.M)
# lesson.Use's one line for a flag it refuses, and lesson.Check's verdict on a claim that fails.
REFUSED = re.compile(r"^✗ .*$", re.M)
CLAIM_FAILS = re.compile(r"^check ✗ .*$", re.M)
TAG = re.compile(r"<style.*?</style>|<script.*?</script>|<[^>]+>", re.S)


def budget_of(nb):
    """A notebook's time budget in seconds: its own, scaled by NBRUN_SLACK (default 1)."""
    return nb.metadata.get("descent", {}).get("budget_seconds", DEFAULT_BUDGET) * float(os.environ.get("NBRUN_SLACK", 1))


def course():
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def text_of(cell):
    """The text a student reads in a cell's outputs: streams and text/plain, in order."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif "text/plain" in out.get("data", {}):
            parts.append(out.data["text/plain"])
    return "".join(parts)


def explorer_text(cell):
    """What an explorer says before its script runs, for the drift check: its sliders (names, the
    values they offer, the one shown) and the text of its still figure."""
    parts = []
    for out in cell.get("outputs", []):
        page = out.get("data", {}).get("text/html", "")
        if "data-explorer" not in page:
            continue
        data = json.JSONDecoder().raw_decode(page[page.index("var D=") + len("var D="):])[0]
        for p in data["params"]:
            parts.append(f"slider {p['name']}: {' '.join(p['labels'])} (showing {p['labels'][p['value']]})\n")
        still = re.search(r'class="dx-static" src="data:image/svg\+xml;base64,([^"]+)"', page)
        svg = base64.b64decode(still.group(1)).decode() if still else ""
        parts += [html.unescape(t) + "\n" for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    return "".join(parts)


def html_of(cell):
    return "".join(out.get("data", {}).get("text/html", "") for out in cell.get("outputs", []))


def figures_of(cell):
    """The figures a cell shows: the data of its outputs that carry an SVG, as (svg, png)."""
    return [(out.data["image/svg+xml"], out.data.get("image/png", ""))
            for out in cell.get("outputs", []) if "image/svg+xml" in out.get("data", {})]


def where(i, cell):
    first = next((l for l in cell.source.splitlines() if l.strip()), "")
    return f"cell {i} ({first[:60]!r})"


def problems_in(nb):
    """Errors, Go panics and compile errors, and figures that did not show."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        text = text_of(cell)
        for out in cell.outputs:
            if out.output_type == "error":
                shown = [text.strip(), TAG.sub("", html.unescape(html_of(cell))).strip()]
                detail = "\n".join(s for s in shown if s) or f"{out.ename}: {out.evalue}"
                found.append(f"{where(i, cell)} failed:\n{indent(detail)}")
                break
        else:
            if GO_FAILURE.search(text):
                found.append(f"{where(i, cell)} printed a Go failure:\n{indent(text)}")
            elif m := REFUSED.search(text):
                found.append(f"{where(i, cell)} refused its own flags: {m.group(0)}")
            elif m := CLAIM_FAILS.search(text):
                found.append(f"{where(i, cell)}: a claim of the lesson does not hold: {m.group(0)}")
            elif (m := SHOWS_FIGURE.search(cell.source)) and not figures_of(cell):
                found.append(f"{where(i, cell)} calls {m.group(0)[:-1]} but displayed no SVG")
            elif any(not png for _, png in figures_of(cell)):
                found.append(f"{where(i, cell)} shows an SVG without its PNG (an untrusted notebook shows nothing)")
    return found


# The build the committed outputs come from, as scripts/blas.sh words it: OpenBLAS with its
# Haswell kernels, on one thread. Another build (gonum's BLAS, other kernels, more threads) sums
# in another order, and cells tagged "blas-digits" then print other digits.
COMMITTED_BLAS = re.compile(r"^BLAS: OpenBLAS \(.*OPENBLAS_CORETYPE=Haswell, OPENBLAS_NUM_THREADS=1\)")


def blas(env=None):
    """(same, line): whether the kernels started here (in env, default this process's) build as
    the committed outputs were made (COMMITTED_BLAS), and scripts/blas.sh's one-line account of
    the build, which kernel.sh makes the same way."""
    line = subprocess.run(["bash", str(ROOT / "scripts" / "blas.sh")], capture_output=True, text=True,
                          env=env).stdout.strip()
    return bool(COMMITTED_BLAS.match(line)), line


def drift(committed, fresh, same_blas=True):
    """Cells whose text output (and explorers' sliders and still figure's text) differ between the
    committed and the fresh notebook, executed on the committed outputs' BLAS build or not."""
    exempt = {"volatile"} | (set() if same_blas else {"blas-digits"})
    found = []
    for i, (old, new) in enumerate(zip(committed.cells, fresh.cells)):
        if new.cell_type != "code" or exempt & set(new.metadata.get("tags", [])):
            continue
        a, b = text_of(old) + explorer_text(old), text_of(new) + explorer_text(new)
        if a != b:
            diff = difflib.unified_diff(a.splitlines(), b.splitlines(), "committed", "fresh", lineterm="", n=1)
            found.append(f"{where(i, new)} drifted from its committed output "
                         f"(run `make notebooks` if the change is intended):\n" + indent("\n".join(list(diff)[:12])))
    return found


def indent(s, limit=25):
    lines = s.splitlines()
    more = [f"    ... ({len(lines) - limit} more lines)"] if len(lines) > limit else []
    return "\n".join(["    " + l for l in lines[:limit]] + more)


def execute(path):
    """Runs a notebook in a fresh kernel, with the module proxy cut off; returns (committed
    notebook, executed notebook, seconds, problems)."""
    committed = nbformat.read(path, as_version=4)
    nb = nbformat.read(path, as_version=4)
    budget = budget_of(nb)
    # iopub_timeout: on a loaded machine GoNB's last outputs can trail the cell's reply by seconds.
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=budget, iopub_timeout=30, allow_errors=True,
                            record_timing=False, resources={"metadata": {"path": str(path.parent)}})
    start = time.monotonic()
    problems = []
    log = ROOT / "build" / "kernel.log"
    log.parent.mkdir(exist_ok=True)
    try:
        with open(log, "a") as stderr:  # GoNB logs to stderr: keep it out of the table
            client.execute(stderr=stderr, env={**os.environ, "GOPROXY": "off"})
    except CellTimeoutError:
        problems.append(f"a cell ran longer than the notebook's budget of {budget} s")
    except DeadKernelError as e:
        problems.append(f"the GoNB kernel died: {e}")
    seconds = time.monotonic() - start
    if seconds > budget:
        problems.append(f"took {seconds:.1f} s, over its budget of {budget} s")
    problems += problems_in(nb)
    return committed, nb, seconds, problems


def run_course(paths, mode, jobs):
    """Executes the notebooks, `jobs` at a time; prints the table in course order; returns the
    problems found and the wall-clock seconds of the whole run."""
    start = time.monotonic()
    failed, bad = [], 0
    same_blas, blas_line = blas()
    print(blas_line)
    if mode == "write" and not same_blas:
        return [f"not written: the committed outputs come from OpenBLAS with OPENBLAS_CORETYPE=Haswell on one thread "
                f"(scripts/setup.sh installs it, scripts/blas.sh sets them); {blas_line}"], 1, 0.0
    print(f"{'notebook':34} {'cells':>5} {'seconds':>8} {'figures':>7} {'SVG KB':>7} {'PNG KB':>7}  status", flush=True)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for path, (committed, nb, seconds, problems) in zip(paths, pool.map(execute, paths)):
            if mode == "check":
                problems += drift(committed, nb, same_blas)
                if cells := unmarked(committed):
                    problems.append(f"cells {cells} have no slide type: run scripts/slides.py {path.relative_to(ROOT)}")
            elif not problems:
                mark_slides(nb)  # new cells get their slide type, as scripts/slides.py would give
                nbformat.validator.normalize(nb)
                nbformat.write(nb, path)
            figures = [f for c in nb.cells if c.cell_type == "code" for f in figures_of(c)]
            svg_kb = sum(len(svg) for svg, _ in figures) / 1024
            png_kb = sum(len(png) for _, png in figures) / 1024  # base64, as stored
            code = sum(c.cell_type == "code" for c in nb.cells)
            status = "ok" if not problems else "FAILED"
            print(f"{path.name:34} {code:5d} {seconds:8.1f} {len(figures):7d} {svg_kb:7.0f} {png_kb:7.0f}  {status}",
                  flush=True)
            failed += [f"{path.name}: {p}" for p in problems]
            bad += bool(problems)
    wall = time.monotonic() - start
    print(f"{'total (wall clock, ' + str(jobs) + ' at a time)':34} {'':5} {wall:8.1f}")
    return failed, bad, wall


def main(argv):
    mode = argv[1] if len(argv) > 1 else "check"
    if mode not in ("check", "write", "speed", "html"):
        usage = __doc__.split("\n\n")[1]
        print(f"nbrun: unknown mode {mode!r}; usage:\n{usage}", file=sys.stderr)
        return 2
    if mode == "html":
        import nbhtml
        return nbhtml.render(course(), ROOT / "build" / "site")
    paths = [Path(p).resolve() for p in argv[2:]] or course()
    jobs = int(os.environ.get("NBRUN_JOBS", 0)) or os.cpu_count() or 1
    if mode == "speed":
        serial = run_course(paths, "check", 1)[2]
        failed, bad, parallel = run_course(paths, "check", jobs)
        print(f"\ncourse stage: serial {serial:.1f} s, {jobs} at a time {parallel:.1f} s: "
              f"{parallel / serial:.2f}x serial")
    else:
        failed, bad, _ = run_course(paths, mode, jobs)
    for p in failed:
        print("\nFAIL " + p)
    print(f"\nnotebooks: {len(paths) - bad} passed, {bad} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
