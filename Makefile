# The two commands a newcomer needs:  make run   and   make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup install .env demo fonts browser-deps edge-deps lint format bench bench-deps clean

# In development the site's own links (canonical, feeds, the sitemap,
# robots.txt) name the address it is served on, unless SITE_URL is set in the
# environment or in .env.
SITE_URL ?= $(if $(shell grep -s '^SITE_URL=.' .env),,http://$(HOST):$(PORT))

run: setup fonts demo ## Set everything up and serve the demo edition on http://127.0.0.1:8000
	$(if $(SITE_URL),SITE_URL='$(SITE_URL)' )$(MANAGE) runserver $(HOST):$(PORT)

test: install browser-deps edge-deps ## Lint and run the whole test suite (SQLite unless DATABASE_URL says otherwise)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2 --dist loadgroup

setup: install .env
	$(MANAGE) migrate --noinput

demo:
	$(MANAGE) load_demo_edition
	$(MANAGE) create_demo_users
	$(MANAGE) rebuild_search_index --no-progress

install: $(BIN)/.installed

$(BIN)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# Phony, so that an existing .env without a SECRET_KEY gets one too. The key is
# random and this installation's own (never one written in the repository); it
# stays put once written, so sessions and signed preview links outlive restarts.
.env:
	test -f .env || cp .env.example .env
	grep -q '^SECRET_KEY=.' .env || { \
		[ -z "$$(tail -c1 .env)" ] || echo >> .env; \
		echo "SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" >> .env; }

# The CJK fonts (Debian's fonts-noto-cjk) the demo's stand-in pictures are
# drawn with and the browser tests render with. Without them the demo still
# runs, with Chinese drawn as grey bars, and the next `make run` redraws it;
# the test suite fails on their absence (tests/test_first_run.py).
fonts:
	@fc-list 2>/dev/null | grep -qi "Noto.*CJK" || { \
		echo "Installing Debian's fonts-noto-cjk"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; } \
		|| echo "Could not install fonts-noto-cjk: Chinese in the demo's pictures is drawn as grey bars until it is." >&2; }

# Browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
browser-deps: fonts
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# The edge cache's tests and benchmark run a real Varnish with xkey (Debian's varnish and varnish-modules).
# Only the binary is used: deploy/varnish/start runs varnishd itself, never the Debian service.
edge-deps:
	@if [ ! -x /usr/sbin/varnishd ] || [ -z "$$(find /usr/lib -name libvmod_xkey.so -print -quit 2>/dev/null)" ]; then \
		echo "Installing Debian's varnish and varnish-modules for the edge cache's tests"; \
		apt-get update -qq && RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq varnish varnish-modules >/dev/null; \
	fi

lint:
	$(BIN)/ruff check .

# Benchmark databases: a ten-year and a 30-day archive, built on the first run
# (a few minutes). Set both to postgres://... URLs to measure PostgreSQL.
BENCH_LARGE_URL ?= sqlite:///$(CURDIR)/bench/results/archive10y.sqlite3
BENCH_SMALL_URL ?= sqlite:///$(CURDIR)/bench/results/archive30d.sqlite3

bench: install bench-deps ## Render times on a large and a small archive, the query-plan check, HTTP throughput and memory
	$(BIN)/python -m bench.render_bench --prepare --large $(BENCH_LARGE_URL) --small $(BENCH_SMALL_URL)
	$(BIN)/python -m bench.explain_check --database-url $(BENCH_LARGE_URL)
	$(BIN)/python bench/http_bench.py --database-url $(BENCH_LARGE_URL)

# wrk (Debian's package) drives the HTTP benchmark.
bench-deps:
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
