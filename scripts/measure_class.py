"""Measures what one student costs a server, for the hub guide (docs/hub.md).

    measure_class.py student [NOTEBOOK ...]       one kernel per notebook, run top to bottom
    measure_class.py class NOTEBOOK CELL N [N ...] N kernels run the same cell at once

`student` starts the course's kernel as JupyterLab does (with gopls, the editor's helper), runs the
notebook, and prints the kernel's peak memory (resident memory of the kernel's whole process tree:
GoNB, gopls, the Go compiler, the cell's program; sampled every 0.1 s), its memory when idle
after the run, its CPU seconds and the wall time.

`class` starts N kernels, runs the notebook's setup cell and code cell CELL once in each (a warm
build cache, as after a first run), then runs CELL again in all N at the same moment, as a class does when the teacher says "run it",
and prints the median and the slowest kernel's time against one kernel alone. Run it on a quiet
machine: other work inflates the times.
"""

import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import psutil
from jupyter_client.manager import start_new_kernel

sys.path.insert(0, str(Path(__file__).parent))
import nbrun  # noqa: E402  (sets JUPYTER_PATH to the checkout's kernel)

nbrun.os.environ.pop("DESCENT_HEADLESS", None)  # measure the kernel as a student's Lab starts it


class TreeSampler:
    """Samples the resident memory of a process and its descendants until stopped."""

    def __init__(self, pid, every=0.1):
        self.proc, self.every, self.peak, self.stopped = psutil.Process(pid), every, 0, threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def rss(self):
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total

    def cpu_seconds(self):
        """User and system time of the kernel, its live children and the children it has reaped."""
        total = 0.0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                t = p.cpu_times()
                total += t.user + t.system + (t.children_user + t.children_system if p is self.proc else 0)
            except psutil.Error:
                pass
        return total

    def loop(self):
        while not self.stopped.wait(self.every):
            self.peak = max(self.peak, self.rss())

    def stop(self):
        self.stopped.set()
        self.thread.join()


def execute(kc, code, timeout=600):
    """Runs code in the kernel and waits until it is idle; fails if the cell failed; returns the
    seconds it took."""
    start = time.monotonic()
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "error":
            raise RuntimeError(f"a cell failed: {msg['content'].get('evalue', '')[:300]}")
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return time.monotonic() - start


def code_cells(path):
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def student(paths):
    print(f"{'notebook':28} {'peak MB':>8} {'idle MB':>8} {'CPU s':>7} {'wall s':>7}")
    for path in paths:
        km, kc = start_new_kernel(kernel_name=nbrun.KERNEL, cwd=str(path.parent), stderr=subprocess.DEVNULL)
        try:
            sampler, start = TreeSampler(km.provisioner.process.pid), time.monotonic()
            for code in code_cells(path):
                execute(kc, code)
            wall = time.monotonic() - start
            time.sleep(2)
            idle, cpu = sampler.rss(), sampler.cpu_seconds()
            sampler.stop()
            print(f"{path.name:28} {sampler.peak / 2**20:8.0f} {idle / 2**20:8.0f} {cpu:7.1f} {wall:7.1f}", flush=True)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)


def class_run(path, cell, sizes):
    cells = code_cells(path)
    print(f"{path.name}, code cell {cell}, run by N kernels at once (seconds)")
    print(f"{'N':>3} {'median':>8} {'slowest':>8} {'x one':>6} {'load':>5}")
    alone = None
    for n in sizes:
        started = [start_new_kernel(kernel_name=nbrun.KERNEL, cwd=str(path.parent), stderr=subprocess.DEVNULL) for _ in range(n)]
        try:
            with ThreadPoolExecutor(n) as pool:
                list(pool.map(lambda k: [execute(k[1], cells[0]), execute(k[1], cells[cell])], started))
                times = list(pool.map(lambda k: execute(k[1], cells[cell]), started))
            alone = alone or statistics.median(times)
            print(f"{n:3d} {statistics.median(times):8.2f} {max(times):8.2f} {max(times) / alone:6.1f} "
                  f"{psutil.getloadavg()[0]:5.1f}", flush=True)
        finally:
            for km, kc in started:
                kc.stop_channels()
                km.shutdown_kernel(now=False)


def main(argv):
    if len(argv) >= 2 and argv[1] == "student":
        student([Path(p).resolve() for p in argv[2:]] or nbrun.course())
    elif len(argv) >= 5 and argv[1] == "class":
        class_run(Path(argv[2]).resolve(), int(argv[3]), [int(n) for n in argv[4:]])
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
