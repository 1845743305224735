#!/usr/bin/env bash
# Starts JupyterLab 4 on notebooks/, opened at the welcome notebook (the classic Notebook 6 where
# setup fell back to Debian's packages). The checkout's kernel (.venv/share/jupyter) comes first
# on JUPYTER_PATH, so another clone's kernel is never picked.
#   lab.sh PYTHON PORT [JUPYTER OPTION...]
set -euo pipefail
py=$1 port=$2
shift 2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if ! "$py" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', $port))" 2>/dev/null; then
  echo "lab: port $port is taken (another Jupyter?). Stop it, or pick another port: make lab PORT=8890" >&2
  exit 1
fi
export JUPYTER_PATH="$root/.venv/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
args=(--no-browser --ip=127.0.0.1 --port="$port" --ServerApp.root_dir="$root/notebooks")
[ "$(id -u)" = 0 ] && args+=(--allow-root)
if "$py" -c "import jupyterlab" 2>/dev/null; then
  app=lab; args+=(--ServerApp.default_url=/lab/tree/00-welcome.ipynb)
else
  app=notebook; args+=(--NotebookApp.default_url=/notebooks/00-welcome.ipynb)
fi
echo "lab: starting Jupyter $app on http://127.0.0.1:$port/ (the URL with its token follows); Ctrl-C stops it" >&2
exec "$py" -m jupyter "$app" "${args[@]}" "$@"
