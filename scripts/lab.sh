#!/usr/bin/env bash
# Starts JupyterLab (or the classic Notebook where Lab is not installed) on notebooks/.
set -euo pipefail
py=$1 port=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if ! "$py" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', $port))" 2>/dev/null; then
  echo "lab: port $port is taken (another Jupyter?). Stop it, or pick another port: make lab PORT=8890" >&2
  exit 1
fi
app=notebook
"$py" -c "import jupyterlab" 2>/dev/null && app=lab
args=(--no-browser --ip=127.0.0.1 --port="$port" --notebook-dir="$root/notebooks")
[ "$(id -u)" = 0 ] && args+=(--allow-root)
echo "lab: starting Jupyter $app on http://127.0.0.1:$port/ (the URL with its token follows); Ctrl-C stops it"
cd "$root/notebooks" && exec "$py" -m jupyter "$app" "${args[@]}"
