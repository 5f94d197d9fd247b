# The two commands a new machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
export PYTHONPATH := $(CURDIR)/plugins
export AMAZON_ORDERS_HOME := $(CURDIR)

.PHONY: install demo test lint migrate simulator bench lock clean airflow browser

install: $(STAMP)

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

## The main job: embedded Postgres + simulator, the built-in scenario (or SCENARIO=path.yaml).
demo: install
	$(BIN)/python -m amazon_orders.demo $(if $(SCENARIO),--scenario $(SCENARIO))

## The whole suite: lint, then pytest against a real Postgres and the simulator.
test: install lint browser
	$(BIN)/pytest

## Debian's chromium and chromedriver for the dashboard's browser tests (apt-get as root when
## missing); elsewhere they are skipped with the reason.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } || \
	  echo "chromium/chromedriver not installed: the browser tests will be skipped"

lint: install
	$(BIN)/ruff check dags plugins tests

## Airflow with its UI on http://127.0.0.1:8080 (PORT=...): API server, scheduler, DAG processor,
## connections, pools, DAGs unpaused; prints the URL and the login. Ctrl-C stops it.
airflow: install
	$(BIN)/python -m amazon_orders.standalone $(if $(PORT),--port $(PORT))

## Apply the schema migrations to COMMERCE_DB_URL (or the embedded Postgres).
migrate: install
	$(BIN)/python -m amazon_orders.migrate

## Run the SP-API simulator alone (PORT=8000 by default).
simulator: install
	$(BIN)/python -m amazon_orders.simulator --port $(or $(PORT),8000)

bench: install
	$(BIN)/python -m amazon_orders.bench $(ARGS)

## Re-resolve requirements.in into the pinned requirements.txt.
lock: install
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile requirements.in --python-version 3.11 -o requirements.txt

clean:
	rm -rf .local

## The deployment checks alone: the compose file, pools, and a real CeleryExecutor cluster on Redis.
.PHONY: deployment-check
deployment-check: install
	$(BIN)/pytest tests/deployment tests/celery
