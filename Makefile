# The daily loop. `make run` and `make test` set everything up on a fresh machine.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)

.PHONY: setup cpu-only run test lint types unit bench bench-concurrency evaluate clean

# PyTorch's CPU wheels. PyPI's Linux torch is the CUDA build, which pulls gigabytes of nvidia-*
# and triton packages the bot never uses; `make setup TORCH_INDEX=...` names another index.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
# torch alone, first, with one try at TORCH_INDEX: where it cannot be reached, a torch wheel pip
# finds elsewhere (a local mirror or find-links) serves. Its own dependencies come with the rest.
TORCH_PIP := --retries 0 --no-deps -c constraints.txt --extra-index-url $(TORCH_INDEX)

$(STAMP): pyproject.toml constraints.txt
	python3.11 -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet $(TORCH_PIP) torch
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

cpu-only: setup  ## a fresh install of the project resolves no CUDA packages (nvidia-*, triton)
	$(BIN)/pip install --quiet --dry-run --ignore-installed --report $(VENV)/resolved.json \
		--retries 0 -c constraints.txt --extra-index-url $(TORCH_INDEX) -e '.[dev]'
	$(BIN)/python .ci/cpu_only.py $(VENV)/resolved.json

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

bench-concurrency: setup  ## questions arriving together: batched encoding vs the model's own batch throughput (minutes)
	$(BIN)/python benchmarks/concurrency.py

evaluate: setup  ## answer quality on evals/ dev and test sets vs a window baseline; case-study suggestions; follow-up threads
	$(BIN)/python -m evals.run
	$(BIN)/python -m evals.profiles
	$(BIN)/python -m evals.documents.run
	$(BIN)/python -m evals.followups

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
