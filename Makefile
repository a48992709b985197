# The daily loop. `make run` and `make test` set everything up on a fresh machine.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)

.PHONY: setup run test lint types unit bench evaluate clean

$(STAMP): pyproject.toml constraints.txt
	python3.11 -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV)
	# constraints.txt pins torch to the CPU build; an unpinned torch pulls gigabytes of CUDA.
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

run: setup  ## build the index from content/, then chat (or answer a sample question)
	$(BIN)/leadbot run

test: setup lint types unit  ## everything CI runs (OCR tests need tesseract-ocr, optional; .ci/run installs it)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest

bench: setup  ## latency, build throughput, incremental rebuild, memory (minutes)
	$(BIN)/python benchmarks/bench.py

evaluate: setup  ## answer quality on evals/ dev and test sets vs a window baseline; case-study suggestions; follow-up threads
	$(BIN)/python -m evals.run
	$(BIN)/python -m evals.profiles
	$(BIN)/python -m evals.documents.run
	$(BIN)/python -m evals.followups

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
