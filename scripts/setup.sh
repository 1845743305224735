#!/usr/bin/env bash
# Installs what the course needs, and nothing twice: Jupyter (with nbconvert and nbclient), the
# pinned GoNB toolchain in bin/, the course's Go modules, and the "Go (gonb)" kernelspec.
# make lab, make test, CI and the Docker image all call this one script. With --browser it also
# installs what the browser test needs: Chromium (Debian's package) and playwright-core (npm).
# Prints the Python that runs Jupyter on its last line of stdout (the notebook runner needs it);
# everything else goes to stderr.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="$root/bin"
say() { echo "setup: $*" >&2; }
die() { echo >&2; echo "setup: ERROR: $*" >&2; exit 1; }
offline_hint="Is this machine offline? The first setup needs the Go module proxy (and apt or pip
for Jupyter). Once setup has run, everything works offline."

# 1. Go, new enough for the pinned gopls (tools/go.mod).
command -v go >/dev/null || die "Go is not installed (or not on PATH). Install Go 1.26 or newer
from your package manager or go.dev/dl, then run this again."
need=$(sed -n 's/^go \([0-9]*\.[0-9]*\).*/\1/p' "$root/tools/go.mod")
have=$(go env GOVERSION | sed 's/^go\([0-9]*\.[0-9]*\).*/\1/')
if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -1)" != "$need" ]; then
  die "Go $have is too old: the GoNB toolchain (gopls v0.23.0) needs Go $need or newer.
Install a newer Go, or use the Docker image (see README)."
fi

# 2. Jupyter with nbconvert and nbclient.
jupyter_python() { # the interpreter Jupyter runs under, if it has what we need
  local j py
  j=$(command -v jupyter) || return 1
  # "#!/usr/bin/python3" or "#!/usr/bin/env python3": the first word, or the one after env.
  py=$(head -1 "$j" | sed -n 's/^#! *//p' | awk '{print ($1 ~ /\/env$/) ? $2 : $1}')
  [ -n "$py" ] && "$py" -c 'import nbclient, nbconvert, nbformat' 2>/dev/null && echo "$py"
}
# Where `pip install --user` puts jupyter: on PATH, so that a second run finds what the first
# installed. (`site --user-base` prints the path but exits 1 where user site-packages are off.)
if command -v python3 >/dev/null; then
  user_base=$(python3 -m site --user-base 2>/dev/null) || true
  [ -z "$user_base" ] || PATH="$user_base/bin:$PATH"
fi
sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
if ! py=$(jupyter_python); then
  if command -v apt-get >/dev/null && { [ -z "$sudo" ] || sudo -n true 2>/dev/null; }; then
    say "installing Jupyter from Debian's packages (jupyter-notebook, jupyter-nbconvert, python3-nbclient)"
    mkdir -p "$bin"
    if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
        jupyter-notebook jupyter-nbconvert python3-nbclient; } >"$bin/apt.log" 2>&1; then
      tail -5 "$bin/apt.log" >&2
      die "apt-get could not install Jupyter (log: bin/apt.log). $offline_hint"
    fi
    rm -f "$bin/apt.log"
  elif command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1; then
    say "installing JupyterLab with pip --user"
    if ! out=$(python3 -m pip install --user -q jupyterlab nbconvert nbclient 2>&1); then
      echo "$out" | tail -5 >&2
      die "pip could not install JupyterLab (above). If pip refuses to touch this Python
(\"externally-managed-environment\"), install Jupyter with your package manager instead, e.g.
  sudo apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient
then run this again. $offline_hint"
    fi
  else
    die "Jupyter is not installed, and neither apt-get (with root or sudo) nor pip is available.
Install Jupyter yourself (jupyter, nbconvert, nbclient), or run the course in Docker:
  docker build -t descent -f docker/Dockerfile . && docker run -p 8888:8888 descent"
  fi
  py=$(jupyter_python) || die "Jupyter was installed but 'jupyter' with nbclient is still not on PATH."
fi

# 3. The pinned kernel toolchain (GoNB, goimports, gopls), built into bin/ once per tools/go.sum.
stamp="$bin/.tools.sum"
if ! cmp -s "$root/tools/go.sum" "$stamp" || [ ! -x "$bin/gonb" ] || [ ! -x "$bin/gopls" ] || [ ! -x "$bin/goimports" ]; then
  say "building the GoNB toolchain into bin/ (GoNB v0.11.4, goimports, gopls v0.23.0): about a minute"
  mkdir -p "$bin"
  if ! out=$(cd "$root/tools" && GOBIN="$bin" go install tool 2>&1); then
    echo "$out" | tail -5 >&2
    die "could not build the GoNB toolchain. $offline_hint"
  fi
  cp "$root/tools/go.sum" "$stamp"
fi

# 4. The course's own modules, so notebooks build with the module proxy cut off; a warm build cache.
if ! out=$(cd "$root" && go mod download 2>&1); then
  echo "$out" | tail -5 >&2
  die "could not download the course's Go modules. $offline_hint"
fi
if ! out=$(cd "$root" && go build ./... 2>&1); then
  echo "$out" | tail -10 >&2
  die "the course's Go packages do not compile (above): fix them, then run this again."
fi

# 5. The kernelspec, for this user, pointing at bin/ so GoNB finds goimports and gopls.
#    GOFLAGS=-ldflags=-w: cells link without DWARF tables, which cuts a cell's rebuild by a
#    fifth (0.47 s to 0.37 s here); panics still map to cell lines.
kdir="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels/gonb"
path="$bin:$(dirname "$(command -v go)"):$PATH"
if ! grep -qF "\"PATH\": \"$path\"" "$kdir/kernel.json" 2>/dev/null ||
   ! grep -qF '"GOFLAGS": "-ldflags=-w"' "$kdir/kernel.json"; then
  say "registering the Go (gonb) kernel in $kdir"
  PATH="$bin:$PATH" "$bin/gonb" --install >/dev/null 2>&1 ||
    die "GoNB could not register its kernel in $kdir."
  "$py" - "$kdir/kernel.json" "$path" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
spec["env"] = {"PATH": sys.argv[2], "GOFLAGS": "-ldflags=-w"}
spec["display_name"] = "Go (gonb)"
json.dump(spec, open(sys.argv[1], "w"), indent=1, ensure_ascii=False)  # the PATH as grep sees it
PY
fi
# 6. For `make test` only: a real browser and the library that drives it.
if [ "${1:-}" = --browser ]; then
  if ! command -v chromium >/dev/null; then
    say "installing Chromium from Debian's packages, for the browser test"
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium; } \
      >/dev/null 2>&1 || die "could not install Chromium (apt-get install chromium) for the browser test. $offline_hint"
  fi
  command -v npm >/dev/null || die "the browser test needs Node.js 20+ and npm: install them (apt-get install nodejs npm)."
  if [ ! -d "$root/scripts/browser/node_modules/playwright-core" ]; then
    say "installing playwright-core from npm, for the browser test"
    (cd "$root/scripts/browser" && npm ci --silent --no-audit --no-fund >/dev/null 2>&1) ||
      die "npm could not install playwright-core for the browser test. $offline_hint"
  fi
fi
echo "$py"
