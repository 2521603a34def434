# Two commands work on a fresh machine with only Python 3.11+: `make demo` and `make test`.
# The test suite includes the benchmark gate, so one install serves tests and bench/ (peers included).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TORCH ?= torch==2.13.0

.PHONY: demo test install clean bench bench-quick

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch's CPU build (the machine's wheel folder holds it; PyPI's default build pulls GBs of CUDA)
	$(BIN)/python -m pip install --quiet '$(TORCH)'
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,spark]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f out/demo.db
	$(BIN)/sitroom demo --db out/demo.db --out out

# The second run puts every store of the store, link, report and CLI tests on a real
# PostgreSQL server (.ci/postgres.sh installs and starts one); without one it is skipped
# with a warning, unless SITROOM_REQUIRE_PG=1 (CI sets it).
PG_TESTS := tests/store tests/link tests/report tests/test_cli.py

# The browser tests (tests/web) drive Debian's chromium (.ci/chromium.sh installs it); without
# one they are skipped with a warning, unless SITROOM_REQUIRE_BROWSER=1 (CI sets it). The Spark
# tests (tests/test_spark.py) need Java (.ci/java.sh installs Debian's default JRE); likewise
# skipped with a warning without it, unless SITROOM_REQUIRE_SPARK=1 (CI sets it).
test: $(STAMP)
	@if ! .ci/chromium.sh >/dev/null; then \
		if [ "$${SITROOM_REQUIRE_BROWSER:-0}" = 1 ]; then echo "error: chromium could not be installed (.ci/chromium.sh)" >&2; exit 1; fi; \
		echo "warning: no chromium: the browser tests (tests/web) will be skipped" >&2; \
	fi
	@if ! .ci/java.sh >/dev/null; then \
		if [ "$${SITROOM_REQUIRE_SPARK:-0}" = 1 ]; then echo "error: java could not be installed (.ci/java.sh)" >&2; exit 1; fi; \
		echo "warning: no java: the Spark tests (tests/test_spark.py) will be skipped" >&2; \
	fi
	$(BIN)/python -m pytest -q
	@if pg="$$(.ci/postgres.sh)"; then \
		eval "$$pg" && $(BIN)/python -m pytest -q --backend postgresql $(PG_TESTS); \
	elif [ "$${SITROOM_REQUIRE_PG:-0}" = 1 ]; then \
		echo "error: PostgreSQL could not be started (.ci/postgres.sh)" >&2; exit 1; \
	else \
		echo "warning: no PostgreSQL server could be started: the PostgreSQL run of $(PG_TESTS) was skipped" >&2; \
	fi

bench: $(STAMP)
	$(BIN)/python -m bench

bench-quick: $(STAMP)
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) out build src/*.egg-info .pytest_cache
