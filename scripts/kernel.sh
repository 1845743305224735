#!/usr/bin/env bash
# The course's Jupyter kernel (kernelspec "descent-go", written by setup.sh): GoNB from this
# checkout's bin/, with the checkout's module in every notebook's Go workspace (--go_work), so a
# cell finds the course's packages and the pinned modules from its first run, after a restart too.
# Where the toolchain is missing, a stand-in kernel answers every cell with the one line to fix it.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
missing=""
for tool in gonb goimports gopls; do [ -x "$root/bin/$tool" ] || missing+=" bin/$tool"; done
command -v go >/dev/null || missing+=" go"
if [ -n "$missing" ]; then
  exec "${DESCENT_PYTHON:-python3}" "$root/scripts/missing_toolchain_kernel.py" -f "$1" \
    "Descent: this kernel's Go toolchain is missing ($missing in $root): run 'make lab' there once, then restart the kernel."
fi
# Headless runs (the tests set DESCENT_HEADLESS=1) start no gopls: it serves the editor's hints,
# and loading the course's packages costs seconds of CPU per kernel.
if [ -n "${DESCENT_HEADLESS:-}" ]; then
  mkdir -p "$root/bin/headless" && ln -sf ../goimports "$root/bin/headless/goimports"
  PATH="$root/bin/headless:${PATH//"$root/bin:"/}"
fi
# The BLAS the cells are built with (scripts/blas.sh: OpenBLAS where installed, else gonum's
# pure Go; DESCENT_BLAS=gonum forces the latter), said once per kernel on its stderr (the Jupyter
# server's log; build/kernel.log for the tests). A cell can print nn.BLAS().
. "$root/scripts/blas.sh"
echo "descent: $descent_blas_line" >&2
exec "$root/bin/gonb" --kernel "$1" --go_work="$root"
