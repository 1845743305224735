# The course in two commands: `make lab` opens it, `make test` checks all of it.
# Each target first runs scripts/setup.sh, which installs what is missing and nothing twice.
SHELL := /bin/bash
PORT ?= 8888
SETUP = PY=$$(bash scripts/setup.sh) || exit 1

.PHONY: lab test gocheck notebooks html bench

lab:
	@$(SETUP); bash scripts/lab.sh "$$PY" $(PORT)

test:
	@$(SETUP); $(MAKE) --no-print-directory gocheck && "$$PY" scripts/nbrun.py check

gocheck:
	@echo "== gofmt"; bad=$$(gofmt -l $$(git ls-files '*.go')); \
	  if [ -n "$$bad" ]; then echo "gofmt would change: $$bad (run gofmt -w)"; exit 1; fi
	@echo "== go vet"; go vet ./...
	@echo "== go test"; go test ./...

notebooks:
	@$(SETUP); "$$PY" scripts/nbrun.py write $(NB)

html:
	@$(SETUP); "$$PY" scripts/nbrun.py html

bench:
	go test -run '^$$' -bench . -benchmem ./...
