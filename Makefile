# The two commands of the README:
#   make run    start the dashboard on the demo data (http://localhost:8501)
#   make test   run the whole test suite, browser tests and the Spark cluster's test included
#   make test-cluster   the build through a Spark standalone cluster of two workers alone (under 2 minutes)
# Each sets itself up: a virtual environment in .venv with the pinned packages, and for the tests
# Debian's Chromium and, for the Spark engine's tests, Debian's OpenJDK 17 (apt-get, when run as root and
# they are missing; pyspark itself comes from PyPI with the test group).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test test-cluster setup bench

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --group test
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	@# The first start creates the account `admin` and prints its one-time password here, in the terminal.
	@$(BIN)/python -m core info > /dev/null
	$(BIN)/python -m streamlit run Home.py --server.port $(PORT) --server.address 127.0.0.1

test: $(STAMP)
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
	@if ! command -v java >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; fi
	$(BIN)/python -m pytest

test-cluster: $(STAMP)
	$(BIN)/python -m pytest -m cluster
