"""Checks that the notebook runner catches what it promises to catch, on a real GoNB kernel."""

import contextlib
import io
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).parent))
import nbrun  # noqa: E402

SETUP = '%noautoget\n!*bash "$GONB_DIR/../scripts/notebook-module.sh"'
CELLS = [
    SETUP,
    '%%\nvar x int = "not an int"\nfmt.Println(x)',                       # 1: compile error
    '%%\nvar s []int\nfmt.Println(s[3])',                                 # 2: panic
    'import "github.com/descent-course/descent/plots"\n%%\nif false { plots.Show(nil) }',  # 3: no SVG
    '%%\nfmt.Println("fresh")',                                           # 4: drifts
    'var lr = flag.Float64("lr", 0.1, "")\n%% --lr=0.5\nfmt.Println(*lr)',  # 5: fine
    '%%\nfmt.Println(os.Getenv("GOPROXY"))',                              # 6: the proxy is cut off
    '%%\nfmt.Println("took 0.42 s")',                                    # 7: volatile, drifts freely
    '%%\nfmt.Println("fresh digits")',                                  # 8: blas-digits
]


class RunnerCatchesFailures(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Next to notebooks/, so the setup cell finds scripts/ the same way.
        cls.dir = nbrun.ROOT / ".nbrun-selftest"
        cls.dir.mkdir(exist_ok=True)
        cls.path = cls.dir / "broken.ipynb"
        nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": nbrun.KERNEL, "display_name": "Go (Descent course)"}})
        nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
        nb.cells[4].outputs = [nbformat.v4.new_output("stream", name="stdout", text="committed\n")]
        nb.cells[5].outputs = [nbformat.v4.new_output("stream", name="stdout", text="0.5\n")]
        nb.cells[6].outputs = [nbformat.v4.new_output("stream", name="stdout", text="off\n")]
        nb.cells[7].metadata["tags"] = ["volatile"]
        nb.cells[7].outputs = [nbformat.v4.new_output("stream", name="stdout", text="took 9.99 s\n")]
        nb.cells[8].metadata["tags"] = ["blas-digits"]
        nb.cells[8].outputs = [nbformat.v4.new_output("stream", name="stdout", text="committed digits\n")]
        nbformat.write(nb, cls.path)
        cls.committed, cls.fresh, cls.seconds, cls.problems = nbrun.execute(cls.path)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def problem(self, cell):
        return [p for p in self.problems if p.startswith(f"cell {cell} ")]

    def test_compile_error_names_the_cell_and_the_error(self):
        [p] = self.problem(1)
        self.assertIn("failed", p)
        self.assertIn("cannot use", p)

    def test_panic_is_caught(self):
        [p] = self.problem(2)
        self.assertIn("index out of range", p)

    def test_figure_cell_without_svg_is_caught(self):
        [p] = self.problem(3)
        self.assertIn("displayed no SVG", p)

    def test_good_cells_pass_and_flags_reach_main(self):
        self.assertEqual(self.problem(0) + self.problem(4) + self.problem(5) + self.problem(6) + self.problem(7), [])
        self.assertEqual(nbrun.text_of(self.fresh.cells[5]), "0.5\n")

    def test_drift_names_the_cell(self):
        drifted = nbrun.drift(self.committed, self.fresh)
        self.assertTrue(any(d.startswith("cell 4 ") and "+fresh" in d for d in drifted), drifted)
        # Cells 5 and 6 print what was committed; 7 does not, but it is tagged volatile.
        self.assertFalse(any(d.startswith(("cell 5 ", "cell 6 ", "cell 7 ")) for d in drifted), drifted)

    def test_blas_digits_are_compared_on_openblas_only(self):
        # On the committed outputs' BLAS build a blas-digits cell must print them; on another, not.
        self.assertTrue(any(d.startswith("cell 8 ") for d in nbrun.drift(self.committed, self.fresh, True)))
        self.assertFalse(any(d.startswith("cell 8 ") for d in nbrun.drift(self.committed, self.fresh, False)))

    def test_module_proxy_is_cut_off(self):
        self.assertEqual(nbrun.text_of(self.fresh.cells[6]), "off\n")


class TheCoursesKernel(unittest.TestCase):
    """The kernel setup.sh registers: this checkout's, usable before (or without) the setup cell."""

    def test_kernelspec_belongs_to_this_checkout(self):
        from jupyter_client.kernelspec import KernelSpecManager
        spec = KernelSpecManager().get_kernel_spec(nbrun.KERNEL)
        self.assertEqual(Path(spec.argv[0]), nbrun.ROOT / "scripts" / "kernel.sh")
        self.assertTrue(spec.resource_dir.startswith(str(nbrun.ROOT / ".venv")), spec.resource_dir)

    def test_cells_work_without_the_setup_cell(self):
        # As after a kernel restart, or a student who skips the setup cell: the course's packages
        # and the pinned gonum build with the module proxy cut off.
        path = nbrun.ROOT / ".nbrun-selftest" / "nosetup.ipynb"
        path.parent.mkdir(exist_ok=True)
        nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": nbrun.KERNEL, "display_name": "Go"}})
        nb.cells = [nbformat.v4.new_code_cell(
            'import (\n\t"github.com/descent-course/descent/gdlib"\n\t"gonum.org/v1/plot"\n)\n'
            '%%\nfmt.Println(gdlib.Booth().Name, plot.New != nil)')]
        nbformat.write(nb, path)
        try:
            _, fresh, _, problems = nbrun.execute(path)
        finally:
            shutil.rmtree(path.parent)
        self.assertEqual(problems, [])
        self.assertEqual(nbrun.text_of(fresh.cells[0]), "Booth true\n")

    def test_a_missing_toolchain_says_so_in_one_line(self):
        # A checkout whose bin/ is gone: the kernel starts and answers with the fix.
        import json
        from jupyter_client.manager import start_new_kernel
        with tempfile.TemporaryDirectory() as tmp:
            scripts = Path(tmp) / "checkout" / "scripts"
            scripts.mkdir(parents=True)
            for name in ("kernel.sh", "missing_toolchain_kernel.py"):
                shutil.copy2(nbrun.ROOT / "scripts" / name, scripts / name)
            kdir = Path(tmp) / "jupyter" / "kernels" / "gone"
            kdir.mkdir(parents=True)
            (kdir / "kernel.json").write_text(json.dumps({
                "argv": [str(scripts / "kernel.sh"), "{connection_file}"], "display_name": "gone", "language": "go",
                "env": {"DESCENT_PYTHON": sys.executable}}))
            old = os.environ.get("JUPYTER_PATH", "")
            os.environ["JUPYTER_PATH"] = str(Path(tmp) / "jupyter")
            try:
                km, kc = start_new_kernel(kernel_name="gone")
            finally:
                os.environ["JUPYTER_PATH"] = old
            out = []
            reply = kc.execute_interactive('%%\nfmt.Println("hi")', timeout=30, output_hook=out.append)
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        lines = "".join(m["content"].get("text", "") for m in out if m["msg_type"] == "stream").splitlines()
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(len(lines), 1, lines)
        self.assertIn("bin/gonb", lines[0])
        self.assertIn("run 'make lab'", lines[0])


class TheBLASChoice(unittest.TestCase):
    """scripts/blas.sh, the one place that picks the BLAS, on machines without OpenBLAS: stood in
    for by a C compiler that cannot find libopenblas.so, and by cgo turned off."""

    def choice(self, **env):
        out = subprocess.run(["bash", str(nbrun.ROOT / "scripts" / "blas.sh")], capture_output=True, text=True,
                             env={**os.environ, **env}, check=True).stdout
        return out.strip()

    def no_openblas_cc(self, tmp):
        # gcc, except that it cannot find libopenblas.so (it answers the bare name, as gcc does).
        cc = Path(tmp) / "cc-without-openblas"
        cc.write_text('#!/bin/sh\n[ "$1" = -print-file-name=libopenblas.so ] && { echo libopenblas.so; exit 0; }\n'
                      'exec gcc "$@"\n')
        cc.chmod(0o755)
        return str(cc)

    def test_this_machine(self):
        found = subprocess.run(["gcc", "-print-file-name=libopenblas.so"], capture_output=True, text=True).stdout.strip()
        line = self.choice(DESCENT_BLAS="")
        self.assertTrue(line.startswith("BLAS: OpenBLAS" if found != "libopenblas.so" else "BLAS: gonum"), line)

    def test_only_the_committed_build_compares_blas_digits(self):
        env = {**os.environ, "DESCENT_BLAS": "", "OPENBLAS_CORETYPE": "", "OPENBLAS_NUM_THREADS": ""}
        # blas.sh's defaults are the committed build wherever OpenBLAS is installed (and the CPU
        # has AVX2 and FMA, as the course's machines do); anything else is another build.
        same, line = nbrun.blas(env)
        self.assertEqual(same, line.startswith("BLAS: OpenBLAS"), line)
        for other in ({"OPENBLAS_NUM_THREADS": "2"}, {"OPENBLAS_CORETYPE": "Sandybridge"}, {"DESCENT_BLAS": "gonum"}):
            same, line = nbrun.blas({**env, **other})
            self.assertFalse(same, line)

    def test_fallbacks_say_why(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(self.choice(DESCENT_BLAS="", CC=self.no_openblas_cc(tmp)),
                             "BLAS: gonum's pure-Go BLAS (OpenBLAS is not installed (Debian: apt-get install libopenblas-dev))")
        self.assertEqual(self.choice(DESCENT_BLAS="", CGO_ENABLED="0"), "BLAS: gonum's pure-Go BLAS (cgo is off (no C compiler?))")
        self.assertEqual(self.choice(DESCENT_BLAS="gonum"), "BLAS: gonum's pure-Go BLAS (DESCENT_BLAS=gonum)")

    def test_setup_goes_on_when_apt_cannot_install_openblas(self):
        # setup.sh on a machine where libopenblas-dev is missing (dpkg says so) and apt-get fails:
        # it says so in one line and finishes (scripts/blas.sh then picks gonum: the tests below).
        tried = nbrun.ROOT / "bin" / ".openblas-tried"
        had = tried.exists()
        tried.unlink(missing_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            for tool in ("apt-get", "dpkg"):
                fake = Path(tmp) / tool
                fake.write_text("#!/bin/sh\necho 'E: Unable to locate package' >&2\nexit 100\n")
                fake.chmod(0o755)
            try:
                run = subprocess.run(["bash", str(nbrun.ROOT / "scripts" / "setup.sh")], capture_output=True, text=True,
                                     env={**os.environ, "PATH": f"{tmp}:{os.environ['PATH']}", "DESCENT_BLAS": ""})
            finally:
                if not had:
                    tried.unlink(missing_ok=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("installing OpenBLAS from Debian's packages", run.stderr)
        self.assertIn("OpenBLAS could not be installed (bin/apt.log); the networks train on gonum's pure-Go BLAS", run.stderr)
        self.assertTrue(Path(run.stdout.strip().splitlines()[-1]).exists(), run.stdout)

    def test_kernel_without_openblas_trains_on_gonum(self):
        # A real kernel on a machine where libopenblas cannot be found: it builds without the
        # openblas tag, and a network and softmax regression train on gonum's BLAS.
        from jupyter_client.manager import start_new_kernel
        cell = ('import (\n\t"github.com/descent-course/descent/gdlib/nn"\n\t"github.com/descent-course/descent/lesson"\n)\n'
                '%%\nnet, obj := lesson.NetOnMNIST(256, nn.Config{Sizes: []int{784, 64, 10}, Activation: nn.ReLU, '
                'Init: nn.He, Loss: nn.SoftmaxCrossEntropy, Seed: 1})\n'
                'g := make([]float64, net.Dim())\n'
                'train, _ := lesson.MNISTSoftmax(256, 0, 0)\n'
                'fmt.Println(nn.BLAS(), obj.LossGrad(g, net.Params(), nil) > 0, train.Loss(make([]float64, 7850), nil))')
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "GOPROXY": "off", "DESCENT_BLAS": "", "CC": self.no_openblas_cc(tmp), "DESCENT_HEADLESS": "1"}
            with open(nbrun.ROOT / "build" / "kernel.log", "a") as log:
                km, kc = start_new_kernel(kernel_name=nbrun.KERNEL, cwd=str(nbrun.NOTEBOOKS), env=env, stderr=log)
            try:
                out = []
                reply = kc.execute_interactive(cell, timeout=120, output_hook=out.append)
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)
        text = "".join(m["content"].get("text", "") for m in out if m["msg_type"] == "stream")
        self.assertEqual(reply["content"]["status"], "ok", text)
        name, positive, loss = text.split()[-3:]
        self.assertEqual((name, positive), ("gonum", "true"), text)
        # ln 10: zero weights give every class the same probability.
        self.assertAlmostEqual(float(loss), math.log(10), delta=1e-12)


class UsageErrors(unittest.TestCase):
    def test_unknown_mode_runs_nothing(self):
        # `nbrun.py NOTEBOOK` (mode forgotten) must not fall through to `write` on every notebook.
        with contextlib.redirect_stderr(io.StringIO()) as err:
            self.assertEqual(nbrun.main(["nbrun.py", "notebooks/00-welcome.ipynb"]), 2)
        self.assertIn("unknown mode", err.getvalue())


if __name__ == "__main__":
    unittest.main(verbosity=1)
