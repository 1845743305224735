#!/usr/bin/env bash
# Run by every notebook's setup cell, in GoNB's temporary module directory: gives the cells the
# course's packages from this checkout and every third-party module at the version pinned in the
# course's go.mod and go.sum (never @latest).
set -eu
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cp "$root/go.mod" "$root/go.sum" .
go mod edit -module=descent.local/notebook \
  -require=github.com/descent-course/descent@v0.0.0 \
  -replace=github.com/descent-course/descent="$root"
if [ -z "$(GOPROXY=off go list -m -f '{{.Dir}}' gonum.org/v1/plot 2>/dev/null)" ]; then
  echo "Descent: the course's Go modules are not in the module cache. Run 'make lab' (or" \
       "'bash scripts/setup.sh') in the course checkout once, with network, then restart the kernel."
fi
