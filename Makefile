# The two commands of the README, on a machine with only Python 3.11:
#   make site   set everything up and build the demo site into output/
#   make test   set everything up and run the whole test suite
# Both create .venv/ once (and again when requirements.txt changes).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve clean system-deps

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/invoke build

test: $(STAMP) system-deps
	$(BIN)/invoke test

# Browser tests drive Debian's Chromium; the HTML checker runs on Java.
# Installed with apt when missing (as root, e.g. on CI); never downloaded otherwise.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "the tests need:$$missing (sudo apt-get install$$missing)" >&2; exit 1; \
	  fi; \
	fi

serve: $(STAMP)
	$(BIN)/invoke serve

clean:
	rm -rf output .venv .pytest_cache .hypothesis
