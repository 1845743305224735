# The course in two commands: `make lab` opens it, `make test` checks all of it.
# lab, test, notebooks and html first run scripts/setup.sh, which installs what is missing and
# nothing twice (gocheck and bench need only Go).
SHELL := /bin/bash
PORT ?= 8888
TEST_PORT ?= 8899
# Every notebook is opened, run and rechecked in JupyterLab 4 by the browser test.
BROWSER_NOTEBOOKS = $(sort $(wildcard notebooks/[0-9][0-9]-*.ipynb))
SETUP = PY=$$(bash scripts/setup.sh) || exit 1

.PHONY: lab test gocheck notebooks html slides site-test answers bench latency speed

lab:
	@$(SETUP); bash scripts/lab.sh "$$PY" $(PORT)

test:
	@PY=$$(bash scripts/setup.sh --browser) || exit 1; $(MAKE) --no-print-directory gocheck && \
	  echo "== notebook runner self-test" && "$$PY" scripts/test_nbrun.py && \
	  echo "== code cells, against the aims for a readable lesson" && "$$PY" scripts/cellstats.py --strict && \
	  echo "== notebooks" && "$$PY" scripts/nbrun.py check && \
	  echo "== notebooks again, on gonum's pure-Go BLAS (the fallback where OpenBLAS is missing)" && DESCENT_BLAS=gonum "$$PY" scripts/nbrun.py check && \
	  echo "== sweep: every flagged cell across its ranges, every exercise" && "$$PY" scripts/sweep.py && \
	  echo "== the Docker image's steps, as a fresh user in a clean copy (no Docker engine)" && "$$PY" scripts/docker_steps.py && \
	  echo "== browser" && node scripts/browser/run.mjs "$$PY" $(TEST_PORT) $(BROWSER_NOTEBOOKS) && \
	  echo "== course site" && "$$PY" scripts/nbrun.py html && node scripts/site/test.mjs "$$PY"

gocheck:
	@echo "== gofmt"; bad=$$(gofmt -l .); \
	  if [ -n "$$bad" ]; then echo "gofmt would change: $$bad (run gofmt -w)"; exit 1; fi
	@echo "== go vet"; go vet ./...
	@echo "== go test"; go test ./...
	@echo "== go vet and go test of gdlib, built with -tags=openblas as the course's kernel builds it"; \
	  bash scripts/blas.sh openblas go vet ./gdlib/... && bash scripts/blas.sh openblas go test ./gdlib/...

notebooks:
	@$(SETUP); "$$PY" scripts/nbrun.py write $(NB)

html:
	@$(SETUP); "$$PY" scripts/nbrun.py html

# The site also holds the slide decks (build/site/slides/); DESCENT_REPO=… DESCENT_BRANCH=… change its links.
slides: html

# The built site in headless Chromium.
site-test:
	@PY=$$(bash scripts/setup.sh --browser) || exit 1; "$$PY" scripts/nbrun.py html && node scripts/site/test.mjs "$$PY"

# The teacher's answer key: every exercise run, its output beside the explanation in answers/.
answers:
	@$(SETUP); "$$PY" scripts/sweep.py answers

# Benchmarks on gonum's pure-Go BLAS (the default build), then, built with -tags=openblas where
# OpenBLAS is installed (scripts/blas.sh): the network's epoch on each BLAS in the same run, and
# softmax regression's MNIST epoch on OpenBLAS (its gonum figures are in the first run).
bench:
	go test -run '^$$' -bench . -benchmem ./...
	@echo "== built with -tags=openblas: the network's epoch on each BLAS in the same run"; \
	  bash scripts/blas.sh openblas go test -run '^$$' -bench Epoch -benchtime 3x ./gdlib/nn
	@echo "== built with -tags=openblas: softmax regression on full MNIST"; \
	  bash scripts/blas.sh openblas go test -run '^$$' -bench 'MNISTReadFloor|SoftmaxMNISTFullBatch|SoftmaxMNISTEpochBatch128' -benchtime 5x ./gdlib

# The notebook stage of `make test`, timed serially and then in parallel in the same run.
speed:
	@$(SETUP); "$$PY" scripts/nbrun.py speed

# What a student feels: a plotting cell rerun with new flags, against a one-line cell.
latency:
	@$(SETUP); "$$PY" scripts/measure_rerun.py $(or $(NB),notebooks/04-momentum.ipynb)
