# border-metrics: every target sets itself up first, so a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
APT_PACKAGES := chromium postgresql

.PHONY: setup system-packages run test test-fast bench lint clean

setup: $(STAMP) system-packages

# The stamp depends on the lock file, so a changed lock reinstalls on the next make.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

# Debian's chromium drives the browser tests; PostgreSQL serves the store's server tests.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# ui.serve is `streamlit run app.py` that loads the data before the server listens (see its docstring).
run: setup
	$(BIN)/python -m ui.serve --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# pytest exits 5 when it collected nothing: a suite that runs no test has failed.
test: setup
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$status

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not postgres"

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
