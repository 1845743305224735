"""Reruns every flagged cell of the course with its flags across their declared ranges, and runs
every exercise's command.

    sweep.py [NOTEBOOK ...]          the sweep and the exercises (the answer key is written too)
    sweep.py answers [NOTEBOOK ...]  the exercises only, and the teacher's answer key

A flagged cell is one that calls lesson.Use. For each, in a fresh kernel where only the notebook's
setup cell ran, the sweep asks the cell for its flags (`%% --describe`), then reruns it with each
flag at both ends of its range (the others at their defaults; every name of a choice), and with
RANDOM seeded random combinations (log-uniform where a range spans decades). A rerun fails on an
error output, a Go panic or compile error, a stop line (a value in range must run), a figure cell
without a figure, a run past the notebook's budget (NBRUN_SLACK scales it, as for nbrun.py), or a non-finite number in the output that is
not put into words ("diverged"). Cells run in parallel, one kernel each, as many as the machine
has cores (NBRUN_JOBS=n to change that).

Exercises are declared in the metadata of the markdown cell that asks them:
    "descent": {"exercises": [{"n": 1, "cell": 5, "args": "--lr=0.4 --x0=0"}]}
(cell: the index of the code cell in the notebook, args: the `%%` line the exercise gives). Each
is run as a rerun of the sweep is, in a fresh kernel after the setup cell, and must pass the same
checks. The answer key, build/answers/index.md, gives each exercise's command and measured output
beside the explanation in answers/<notebook>.md under "## Exercise n" (kept out of the notebooks).
"""

import json
import os
import random
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel

sys.path.insert(0, str(Path(__file__).parent))
from nbrun import GO_FAILURE, budget_of, KERNEL, REFUSED, ROOT, SHOWS_FIGURE, course  # noqa: E402

RANDOM = 2
NON_FINITE = re.compile(r"(?<![\w.])[-+]?(NaN|Inf)\b")


def run(kc, code, timeout):
    """Executes code; returns (stdout+stderr text, has a figure, error names, seconds)."""
    start = time.monotonic()
    msg_id = kc.execute(code)
    text, figure, errors = [], False, []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            text.append(content["text"])
        elif kind in ("display_data", "update_display_data") and "image/svg+xml" in content["data"]:
            figure = True
        elif kind == "error":
            errors.append(f"{content.get('ename', '')}: {content.get('evalue', '')}")
        elif kind == "status" and content["execution_state"] == "idle":
            return "".join(text), figure, errors, time.monotonic() - start


def with_args(source, args):
    """The cell with its `%%` line replaced by one carrying args."""
    return re.sub(r"^%%.*$", lambda _: ("%% " + args).rstrip(), source, count=1, flags=re.M)


def value(flag, rng, end=None):
    """A value of a declared flag as text: its low or high end, or a random one."""
    kind, lo, hi = flag["kind"], flag.get("lo", 0.0), flag.get("hi", 0.0)
    if kind == "choice":
        return rng.choice(flag["choices"])
    if end is not None:
        x = lo if end == "lo" else hi
    elif flag.get("log"):
        x = lo * (hi / lo) ** rng.random()
    else:
        x = lo + (hi - lo) * rng.random()
    if kind == "int":
        return str(round(x))
    text = repr(x) if end is not None else f"{x:.3g}"  # the ends exactly, as declared
    return ",".join([text] * (1 if end is None else 2)) if kind == "floats" else text


def reruns(flags, rng):
    """The argument lines to try: each flag at each end, each choice, then random combinations."""
    lines = []
    for f in flags:
        if f["kind"] == "choice":
            lines += [f"--{f['name']}={c}" for c in f["choices"] if c != f["default"]]
        else:
            lines += [f"--{f['name']}={value(f, rng, end)}" for end in ("lo", "hi")]
    for _ in range(RANDOM):
        lines.append(" ".join(f"--{f['name']}={value(f, rng)}" for f in flags))
    return lines


def verdict(source, text, figure, errors, seconds, budget):
    """What is wrong with one rerun of a cell, or None."""
    if errors:
        return f"failed: {'; '.join(errors)[:200]}\n    {text.strip()[-400:]}"
    if GO_FAILURE.search(text):
        return f"printed a Go failure:\n    {text.strip()[-400:]}"
    if m := REFUSED.search(text):
        return f"refused a value in its range: {m.group(0)}"
    if SHOWS_FIGURE.search(source) and not figure:
        return "showed no figure"
    if NON_FINITE.search(text) and "diverged" not in text:
        return f"printed a non-finite number without saying it diverged:\n    {text.strip()[-300:]}"
    if seconds > budget:
        return f"took {seconds:.0f} s, over the budget of {budget} s"
    return None


def run_cell(job):
    """Reruns one cell in a fresh kernel after the setup cell: with the given `%%` argument lines,
    or (args None) across its flags' ranges. Returns (where, [(args, text)], problems, seconds)."""
    path, index, setup, source, budget, args = job
    where = f"{path.name} cell {index}"
    problems, runs = [], []
    start = time.monotonic()
    km, kc = start_new_kernel(kernel_name=KERNEL, cwd=str(path.parent), env={**os.environ, "GOPROXY": "off"},
                              stderr=open(ROOT / "build" / "kernel.log", "a"))
    try:
        run(kc, setup, budget)
        if args is None:
            text, _, errors, _ = run(kc, with_args(source, "--describe"), budget)
            try:
                flags = json.loads(text.strip().splitlines()[-1])
            except (ValueError, IndexError):
                return where, [], [f"{where}: --describe gave no flags: {(text + ' '.join(errors))[:300]}"], 0.0
            args = reruns(flags, random.Random(where))
        for line in args:
            try:
                text, figure, errors, seconds = run(kc, with_args(source, line), budget)
            except Exception:  # the wait for output timed out
                problems.append(f"{where} with `%% {line}`: ran past the budget of {budget} s")
                km.interrupt_kernel()
                continue
            runs.append((line, text))
            if problem := verdict(source, text, figure, errors, seconds, budget):
                problems.append(f"{where} with `%% {line}`: {problem}")
    finally:
        kc.stop_channels()
        km.shutdown_kernel()  # a shutdown request: GoNB then stops its gopls too
    return where, runs, problems, time.monotonic() - start


def notebook_jobs(path):
    """The notebook's sweeps (one job per flagged cell) and exercises (one job each), and the
    exercises' numbers, or a problem with how an exercise is declared."""
    nb = nbformat.read(path, as_version=4)
    budget = budget_of(nb)
    setup = next(c.source for c in nb.cells if c.cell_type == "code")
    sweeps = [(path, i, setup, c.source, budget, None) for i, c in enumerate(nb.cells)
              if c.cell_type == "code" and "lesson.Use(" in c.source]
    exercises, problems = [], []
    for c in nb.cells:
        for ex in c.metadata.get("descent", {}).get("exercises", []):
            target = nb.cells[ex["cell"]] if 0 <= ex["cell"] < len(nb.cells) else None
            if target is None or target.cell_type != "code" or "lesson.Use(" not in target.source:
                problems.append(f"{path.name} exercise {ex['n']}: cell {ex['cell']} is not a flagged code cell")
                continue
            if f"`%% {ex['args']}`" not in c.source:
                problems.append(f"{path.name} exercise {ex['n']}: its text does not give the command `%% {ex['args']}`")
            exercises.append((ex["n"], (path, ex["cell"], setup, target.source, budget, [ex["args"]])))
    return sweeps, exercises, problems


def answer_key(results):
    """Writes build/answers/index.md: each exercise's command, measured output and explanation."""
    out = ["# Descent: the teacher's answer key", "",
           "Each exercise's command was run as the students will run it; the output below is measured, "
           "the explanation is from answers/.", ""]
    for path, items in results.items():
        notes = ROOT / "answers" / f"{path.stem}.md"
        text = notes.read_text(encoding="utf-8") if notes.exists() else ""
        out += [f"## {path.stem}", ""]
        for n, (where, runs, _, _) in items:
            m = re.search(rf"^## Exercise {n}\b.*?\n(.*?)(?=^## |\Z)", text, re.S | re.M)
            args, output = runs[0] if runs else ("?", "(did not run)")
            out += [f"### Exercise {n}: {where}, `%% {args}`", "", "```", output.strip(), "```", "",
                    m.group(1).strip() if m else "*(no explanation written yet)*", ""]
    dest = ROOT / "build" / "answers" / "index.md"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text("\n".join(out), encoding="utf-8")
    print(f"answers: {dest}")


def main(argv):
    only_answers = len(argv) > 1 and argv[1] == "answers"
    paths = [Path(p).resolve() for p in argv[1 + only_answers:]] or course()
    workers = int(os.environ.get("NBRUN_JOBS", 0)) or os.cpu_count() or 1
    (ROOT / "build").mkdir(exist_ok=True)
    start = time.monotonic()
    jobs, failed, owners = [], [], []
    for p in paths:
        sweeps, exercises, problems = notebook_jobs(p)
        failed += problems
        jobs += ([] if only_answers else sweeps) + [job for _, job in exercises]
        owners += ([] if only_answers else [None] * len(sweeps)) + [(p, n) for n, _ in exercises]
    answers = {p: [] for p in paths}
    cells = reruns_done = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for owner, (where, runs, problems, seconds) in zip(owners, pool.map(run_cell, jobs)):
            what = f"exercise {owner[1]} ({where})" if owner else where
            print(f"sweep: {what}: {len(runs)} runs in {seconds:.1f} s{f', {len(problems)} FAILED' if problems else ''}",
                  flush=True)
            if owner:
                answers[owner[0]].append((owner[1], (where, runs, problems, seconds)))
            else:
                cells += 1
                reruns_done += len(runs)
            failed += problems
    exercises = sum(map(len, answers.values()))
    if exercises:
        answer_key(answers)
    if not only_answers:
        print(f"sweep: {cells} cells, {reruns_done} reruns (both ends of every flag, every choice, and {RANDOM} seeded "
              f"random combinations per cell); {exercises} exercises run; {time.monotonic() - start:.0f} s with "
              f"{workers} kernels at a time")
    for p in failed:
        print("\nFAIL " + p)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
