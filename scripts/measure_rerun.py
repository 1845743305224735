"""Measures what a student feels when rerunning a plotting cell with a changed flag.

    python3 scripts/measure_rerun.py [NOTEBOOK] [CELL]

Starts a GoNB kernel, runs the notebook's code cells down to code cell CELL (default: the first
cell that calls a display helper), as a student who worked through the notebook would, then reruns
CELL five times with other flags on its `%%` line and prints each latency and the median. The
floor, measured in the same run, is a rerun of a cell that prints one line: what GoNB itself costs
per cell.
"""

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel

from nbrun import KERNEL, SHOWS_FIGURE

os.environ.pop("DESCENT_HEADLESS", None)  # measure the kernel a student has, gopls included

ROOT = Path(__file__).resolve().parent.parent


def run(kc, code):
    start = time.monotonic()
    msg_id = kc.execute(code)
    svg, errors = False, []
    while True:
        msg = kc.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind in ("display_data", "update_display_data") and "image/svg+xml" in content["data"]:
            svg = True
        if kind == "error":
            errors.append(content.get("evalue", ""))
        if kind == "status" and content["execution_state"] == "idle":
            return time.monotonic() - start, svg, errors


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "notebooks" / "00-welcome.ipynb"
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    pick = int(sys.argv[2]) if len(sys.argv) > 2 else next(
        i for i, s in enumerate(code) if SHOWS_FIGURE.search(s))
    cell = code[pick]
    km, kc = start_new_kernel(kernel_name=KERNEL, cwd=str(path.parent), stderr=subprocess.DEVNULL)  # GoNB logs to stderr
    try:
        setup, _, errs = run(kc, code[0])
        for earlier in code[1:pick]:
            errs += run(kc, earlier)[2]
        first, _, errs2 = run(kc, cell)
        if errs or errs2:
            sys.exit(f"the cells failed: {errs + errs2}")
        floor = [run(kc, '%%\nfmt.Println("floor")')[0] for _ in range(5)]
        # The cell's lesson.Float flags: name, default and range.
        flags = re.findall(r'lesson\.Float\("(\w+)",\s*([-\d.e]+),\s*([-\d.e]+),\s*([-\d.e]+)', cell)
        reruns = []
        for k in range(5):
            # Change each flag a little, as a student would (within its range): new values, same program.
            args = " ".join(f"--{name}={min(float(hi), max(float(lo), float(d) * (1 + 0.1 * (k + 1)))):g}"
                            for name, d, lo, hi in flags)
            edited = re.sub(r"^%%.*$", "%% " + args, cell, count=1, flags=re.M)
            seconds, svg, errs = run(kc, edited)
            if errs or not svg:
                sys.exit(f"rerun {k} failed: {errs or 'no SVG'}")
            reruns.append(seconds)
        print(f"notebook {path.name}, cell {pick}: setup cell {setup:.2f} s, first run {first:.2f} s")
        print("reruns with changed flags: " + ", ".join(f"{s:.2f}" for s in reruns) + " s")
        print(f"median rerun {statistics.median(reruns):.2f} s; floor (a one-line cell) "
              f"{statistics.median(floor):.2f} s; ratio {statistics.median(reruns) / statistics.median(floor):.1f}x")
    finally:
        kc.stop_channels()
        km.shutdown_kernel()  # a shutdown request: GoNB then stops its gopls too


if __name__ == "__main__":
    main()
