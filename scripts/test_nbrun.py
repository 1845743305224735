"""Checks that the notebook runner catches what it promises to catch, on a real GoNB kernel."""

import contextlib
import io
import shutil
import sys
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

    def test_module_proxy_is_cut_off(self):
        self.assertEqual(nbrun.text_of(self.fresh.cells[6]), "off\n")


class UsageErrors(unittest.TestCase):
    def test_unknown_mode_runs_nothing(self):
        # `nbrun.py NOTEBOOK` (mode forgotten) must not fall through to `write` on every notebook.
        with contextlib.redirect_stderr(io.StringIO()) as err:
            self.assertEqual(nbrun.main(["nbrun.py", "notebooks/00-welcome.ipynb"]), 2)
        self.assertIn("unknown mode", err.getvalue())


if __name__ == "__main__":
    unittest.main(verbosity=1)
