# border-metrics: every target sets itself up first, so a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
# Debian packages the tests need (make run needs none): browser tests, store tests, the proxy tests,
# the briefing document opened by LibreOffice and read back by poppler.
APT_PACKAGES := chromium postgresql nginx libreoffice-writer-nogui poppler-utils

.PHONY: setup system-packages run serve test test-fast bench lint clean

setup: $(STAMP)

# The stamp depends on the lock file, so a changed lock reinstalls on the next make.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

# Only `make test` needs these. Where they cannot be installed (no apt-get, no root), one line says so
# and the tests that need them are skipped, each with its reason.
system-packages:
	@missing=""; for package in $(APT_PACKAGES); do \
		dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo -n"; \
		if command -v apt-get >/dev/null 2>&1 && { [ -z "$$SUDO" ] || sudo -n true 2>/dev/null; }; then \
			echo "Installing system packages for the tests:$$missing"; \
			$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "make: cannot install$$missing (needs apt-get and root); the tests that need them will be skipped." >&2; \
		fi; \
	fi

# ui.serve is `streamlit run app.py` that loads the data before the server listens (see its docstring).
# On 127.0.0.1 alone: without a login configured, only a browser on this machine may add reports.
run: setup
	$(BIN)/python -m ui.serve --server.port $(PORT) --server.address 127.0.0.1 --server.headless true --browser.gatherUsageStats false

# N processes behind nginx on PORT, sharing a PostgreSQL store started for the run (deploy/cluster.py).
N ?= 2
serve: setup
	$(BIN)/python deploy/cluster.py --processes $(N) --port $(PORT)

# pytest exits 5 when it collected nothing: a suite that runs no test has failed.
test: setup system-packages
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$status

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not postgres"

bench: setup system-packages
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
