#!/usr/bin/env bash
# Installs what the course needs, and nothing twice: Jupyter (JupyterLab 4, Notebook 7, nbclient,
# nbconvert at the versions pinned in requirements.txt) in the checkout's own .venv/, the pinned
# GoNB toolchain in bin/, OpenBLAS where apt can install it, the course's Go modules, and this
# checkout's kernel "descent-go".
# make lab, make test, CI, the Docker image and Binder all call this one script.
#
#   setup.sh                   the checkout's .venv/ (Debian's Notebook 6 only where PyPI is out of reach)
#   setup.sh --browser         also Chromium (Debian's package) and playwright-core (npm), for make test
#   setup.sh --system-jupyter  use the JupyterLab already installed (Docker image, Binder): none is added
#
# Prints the Python that runs Jupyter on its last line of stdout (the notebook runner needs it);
# everything else goes to stderr.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="$root/bin" venv="$root/.venv"
say() { echo "setup: $*" >&2; }
die() { echo >&2; echo "setup: ERROR: $*" >&2; exit 1; }
# fail WHAT LOG HINT: the tail of a tool's own output, then what to do.
fail() { echo >&2; tail -n 8 "$2" | sed 's/^/    /' >&2; die "$1 (the tool's last lines are above; full log: ${2#"$root"/}).
$3"; }
network_hint="The first setup downloads from the Go module proxy, PyPI, npm and Debian's mirrors:
check this machine's network and proxy settings, then run it again. Once setup has run, the course
works offline."
mkdir -p "$bin"
browser=false system_jupyter=false
for arg in "$@"; do
  case "$arg" in
    --browser) browser=true ;;
    --system-jupyter) system_jupyter=true ;;
    *) die "unknown option $arg (want --browser or --system-jupyter)" ;;
  esac
done

sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
can_apt() { command -v apt-get >/dev/null && { [ -z "$sudo" ] || sudo -n true 2>/dev/null; }; }
# apt PACKAGE...: installs Debian packages without recommends, waiting up to 10 minutes for the
# locks of another apt or dpkg run (a new cloud VM runs unattended-upgrades at boot) instead of
# failing: install waits by itself (DPkg::Lock::Timeout); update does not, so it is retried.
apt() {
  local log="$bin/apt.log" wait=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3) tries=0
  until $sudo apt-get "${wait[@]}" update -qq >"$log" 2>&1; do
    grep -q 'Could not get lock' "$log" && [ $((tries += 1)) -le 120 ] ||
      fail "apt-get update failed" "$log" "$network_hint"
    [ "$tries" = 1 ] && say "waiting for another apt run to finish (unattended-upgrades?)"
    sleep 5
  done
  DEBIAN_FRONTEND=noninteractive $sudo apt-get "${wait[@]}" install -y -qq --no-install-recommends "$@" >"$log" 2>&1 ||
    fail "apt-get could not install $*" "$log" "If another apt or dpkg run holds the lock, let it finish and run this again; else: $network_hint"
  rm -f "$log"
}

# 1. Go, new enough for the pinned gopls (tools/go.mod).
command -v go >/dev/null || die "Go is not installed (or not on PATH). Install Go 1.26 or newer
from your package manager or go.dev/dl, then run this again."
need=$(sed -n 's/^go \([0-9]*\.[0-9]*\).*/\1/p' "$root/tools/go.mod")
have=$(go env GOVERSION | sed 's/^go\([0-9]*\.[0-9]*\).*/\1/')
if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -1)" != "$need" ]; then
  die "Go $have is too old: the GoNB toolchain (gopls v0.23.0) needs Go $need or newer.
Install a newer Go, or use the Docker image (see README)."
fi

# 2. Jupyter. kernels: where this checkout's kernelspec goes (scripts/lab.sh and the notebook
#    runner put it first on JUPYTER_PATH, so clones never see each other's kernel).
kernels="$venv/share/jupyter/kernels"
if $system_jupyter; then
  j=$(command -v jupyter) || die "--system-jupyter: no jupyter on PATH."
  py=$(head -1 "$j" | sed -n 's/^#! *//p' | awk '{print ($1 ~ /\/env$/) ? $2 : $1}')
  "$py" -c 'import jupyterlab' 2>/dev/null || die "--system-jupyter: $j has no JupyterLab."
  kernels="$("$py" -c 'import sys; print(sys.prefix)')/share/jupyter/kernels"
elif cmp -s "$root/requirements.txt" "$venv/.requirements.txt" && [ -x "$venv/bin/python" ]; then
  py="$venv/bin/python"
else
  command -v python3 >/dev/null || die "Python 3 is not installed: install python3 (and python3-venv), then run this again."
  log="$bin/pip.log"
  if ! python3 -m venv --clear "$venv" >"$log" 2>&1; then
    can_apt || fail "Python could not create .venv/" "$log" \
      "Install Python's venv module (Debian/Ubuntu: sudo apt-get install python3-venv), then run this again."
    say "installing python3-venv from Debian's packages (the checkout's Jupyter lives in .venv/)"
    apt python3-venv
    python3 -m venv --clear "$venv" >"$log" 2>&1 || fail "Python could not create .venv/" "$log" "$network_hint"
  fi
  say "installing JupyterLab 4 and the pinned Jupyter (requirements.txt) into .venv/: about a minute"
  if "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$root/requirements.txt" >"$log" 2>&1; then
    cp "$root/requirements.txt" "$venv/.requirements.txt"
    rm -f "$log"
    py="$venv/bin/python"
  elif can_apt; then
    # PyPI out of reach: Debian's classic Notebook 6 is the fallback that still runs the course.
    say "JupyterLab was not available (pip: $(grep -m1 '^ERROR' "$log" | cut -c8-160 || echo failed));" \
        "using Debian's Notebook 6 instead (no JupyterLab, no browser test)"
    [ -x /usr/bin/jupyter-notebook ] || apt jupyter-notebook jupyter-nbconvert python3-nbclient
    py=/usr/bin/python3
    mkdir -p "$kernels"
  else
    fail "pip could not install the pinned Jupyter into .venv/" "$log" "$network_hint"
  fi
fi

# 3. The pinned kernel toolchain (GoNB, goimports, gopls), built into bin/ once per tools/go.sum.
stamp="$bin/.tools.sum"
if ! cmp -s "$root/tools/go.sum" "$stamp" || [ ! -x "$bin/gonb" ] || [ ! -x "$bin/gopls" ] || [ ! -x "$bin/goimports" ]; then
  say "building the GoNB toolchain into bin/ (GoNB v0.11.4, goimports, gopls v0.23.0): about a minute"
  (cd "$root/tools" && GOBIN="$bin" go install tool) >"$bin/go.log" 2>&1 ||
    fail "could not build the GoNB toolchain" "$bin/go.log" "$network_hint"
  cp "$root/tools/go.sum" "$stamp"
fi

# 4. OpenBLAS (Debian's libopenblas-dev), on which the network lessons train several times faster
#    than on gonum's pure-Go BLAS; scripts/blas.sh decides which one the kernel builds with. Tried
#    once per checkout (rm bin/.openblas-tried to try again); without it the course still works.
if [ "${DESCENT_BLAS:-}" != gonum ] && [ ! -e "$bin/.openblas-tried" ] && can_apt && command -v dpkg >/dev/null &&
   ! dpkg -s libopenblas-dev >/dev/null 2>&1; then
  touch "$bin/.openblas-tried"
  pkgs=(libopenblas-dev); command -v gcc >/dev/null || pkgs+=(gcc)  # cgo links it
  say "installing OpenBLAS from Debian's packages (${pkgs[*]}), for the network lessons"
  (apt "${pkgs[@]}") 2>/dev/null ||
    say "OpenBLAS could not be installed (${bin#"$root"/}/apt.log); the networks train on gonum's pure-Go BLAS, slower, same lessons"
fi

# 5. The course's own modules, so notebooks build with the module proxy cut off; a warm build
#    cache, for the BLAS the kernel will use too.
(cd "$root" && go mod download) >"$bin/go.log" 2>&1 ||
  fail "could not download the course's Go modules" "$bin/go.log" "$network_hint"
(cd "$root" && go build ./...) >"$bin/go.log" 2>&1 ||
  fail "the course's Go packages do not compile" "$bin/go.log" "Fix them, then run this again."
(cd "$root" && bash scripts/blas.sh openblas go build ./...) >"$bin/go.log" 2>&1 ||
  fail "the course's Go packages do not compile against OpenBLAS" "$bin/go.log" \
    "Run with DESCENT_BLAS=gonum to use gonum's pure-Go BLAS, or fix libopenblas-dev."
rm -f "$bin/go.log"

# 6. This checkout's kernel, "descent-go": scripts/kernel.sh starts GoNB from bin/ with the
#    checkout's module in every notebook's Go workspace. GOFLAGS=-ldflags=-w: cells link without
#    DWARF tables, which cuts a cell's rebuild by a fifth (0.47 s to 0.37 s here).
kdir="$kernels/descent-go"
path="$bin:$(dirname "$(command -v go)"):$PATH"
spec=$(cat <<JSON
{
 "argv": ["$root/scripts/kernel.sh", "{connection_file}"],
 "display_name": "Go (Descent course)",
 "language": "go",
 "env": {"PATH": "$path", "GOFLAGS": "-ldflags=-w", "DESCENT_PYTHON": "$py"}
}
JSON
)
if [ "$(cat "$kdir/kernel.json" 2>/dev/null)" != "$spec" ]; then
  say "registering this checkout's Go kernel (descent-go) in ${kdir#"$root"/}"
  mkdir -p "$kdir"
  echo "$spec" >"$kdir/kernel.json"
  logo="$(go list -m -f '{{.Dir}}' github.com/janpfeifer/gonb 2>/dev/null)/internal/kernel/logo-svg.svg"
  [ -f "$logo" ] && cp "$logo" "$kdir/logo-svg.svg" && chmod 644 "$kdir/logo-svg.svg"
fi

# 7. For `make test` only: a real browser and the library that drives it.
if $browser; then
  if ! command -v chromium >/dev/null; then
    can_apt || die "the browser test needs Chromium: install it (Debian: apt-get install chromium), then run this again."
    say "installing Chromium from Debian's packages, for the browser test"
    apt chromium
  fi
  command -v npm >/dev/null || die "the browser test needs Node.js 20+ and npm: install them (apt-get install nodejs npm)."
  if [ ! -d "$root/scripts/browser/node_modules/playwright-core" ]; then
    say "installing playwright-core from npm, for the browser test"
    (cd "$root/scripts/browser" && npm ci --no-audit --no-fund) >"$bin/npm.log" 2>&1 ||
      fail "npm could not install playwright-core for the browser test" "$bin/npm.log" "$network_hint"
    rm -f "$bin/npm.log"
  fi
fi
echo "$py"
