#!/usr/bin/env bash
# The one place that decides which BLAS the course's Go code is built with (gdlib/internal/fastblas):
# OpenBLAS (Debian's libopenblas-dev, through gonum.org/v1/netlib, cgo) where it can be linked,
# gonum's pure-Go BLAS where not, or where DESCENT_BLAS=gonum says so. The default Go build
# (go test, go vet) is always the pure-Go one; OpenBLAS needs the build tag and the linker flag
# exported here.
#
#   . scripts/blas.sh          (kernel.sh) export the choice; $descent_blas is openblas or gonum,
#                              $descent_blas_line says it in one line
#   scripts/blas.sh            print that line
#   scripts/blas.sh openblas CMD...
#                              run CMD built against OpenBLAS (make bench), or say why not and
#                              exit 0
#
# Timing the course on each path in one sitting (the closing note of issue 15):
#   .venv/bin/python scripts/nbrun.py speed && DESCENT_BLAS=gonum .venv/bin/python scripts/nbrun.py speed
#   .venv/bin/python scripts/measure_rerun.py notebooks/07-deep-networks.ipynb CELL   (likewise)
#   make bench    (one epoch, its Dgemm floor and the BLAS's peak, on each path in the same run)
#
# OPENBLAS_CORETYPE: Debian's OpenBLAS 0.3.21 picks its kernels by CPU model and does not know
# recent ones (this course's machines, model 207, get its 2004 Prescott kernels: 6 GFLOP/s where
# its Haswell kernels give 75). Where the CPU has AVX2 and FMA and nobody set it, it is set to
# Haswell: fast on every such CPU, and the same kernels, so the same rounding, everywhere.
descent_blas=gonum
case "${DESCENT_BLAS:-}" in
  gonum) descent_blas_why="DESCENT_BLAS=gonum" ;;
  "" | openblas)
    read -r cgo cc < <(go env CGO_ENABLED CC 2>/dev/null | tr '\n' ' ')
    if [ "$cgo" != 1 ]; then
      descent_blas_why="cgo is off (no C compiler?)"
    elif ! command -v "${cc:-cc}" >/dev/null; then
      descent_blas_why="no C compiler (${cc:-cc}) for cgo"
    elif [ "$("${cc:-cc}" -print-file-name=libopenblas.so)" = libopenblas.so ]; then
      descent_blas_why="OpenBLAS is not installed (Debian: apt-get install libopenblas-dev)"
    else
      descent_blas=openblas
    fi ;;
  *) descent_blas_why="DESCENT_BLAS=$DESCENT_BLAS is neither gonum nor openblas" ;;
esac
if [ "$descent_blas" = openblas ]; then
  export GOFLAGS="${GOFLAGS:+$GOFLAGS }-tags=openblas"
  export CGO_LDFLAGS="${CGO_LDFLAGS:+$CGO_LDFLAGS }-lopenblas"
  # Go's own linker, not gcc: a cell that links OpenBLAS then relinks as fast as one on gonum
  # (gcc added 0.27 s of CPU to each cell's 0.43 s here). GOFLAGS cannot carry it: its
  # -ldflags=-w already takes the one -ldflags value, and values cannot hold spaces.
  export GO_EXTLINK_ENABLED=0
  if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo; then
    export OPENBLAS_CORETYPE=Haswell
  fi
  # One thread per product unless set: OpenBLAS splits a product's work by its thread count, and
  # a chaotic training run then prints other digits on a machine with more cores (measured here:
  # 07's dead-ReLU run ends at loss 0.941 on one thread, 1.263 on two). One thread gives every
  # machine the committed numbers, and kernels that share the cores (a class, the tests) do not
  # spin-wait on each other's threads. It costs a lone kernel here 0.81 s an epoch against 0.59 s.
  export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
  descent_blas_line="BLAS: OpenBLAS (gdlib built with -tags=openblas${OPENBLAS_CORETYPE:+, OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE}, OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS); DESCENT_BLAS=gonum for gonum's pure-Go BLAS"
else
  descent_blas_line="BLAS: gonum's pure-Go BLAS ($descent_blas_why)"
fi

if [ "${BASH_SOURCE[0]}" = "$0" ]; then  # run, not sourced
  if [ "${1:-}" = openblas ]; then
    shift
    [ "$descent_blas" = openblas ] && exec "$@"
    echo "OpenBLAS path skipped: $descent_blas_why"
  else
    echo "$descent_blas_line"
  fi
fi
