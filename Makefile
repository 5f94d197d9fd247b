# The two commands a new machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
# The product (plugins/amazon_orders), the fake Amazon and the laptop harness (testbed/).
export PYTHONPATH := $(CURDIR)/plugins:$(CURDIR)/testbed
export AMAZON_ORDERS_HOME := $(CURDIR)

.PHONY: install demo test test-fast lint format migrate simulator bench lock clean airflow browser ship

install: $(STAMP)

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

## The main job: embedded Postgres + simulator, the built-in scenario (or SCENARIO=path.yaml).
demo: install
	$(BIN)/python -m local_harness.demo $(if $(SCENARIO),--scenario $(SCENARIO))

## The whole suite: lint, then pytest against a real Postgres and the simulator.
test: install lint browser
	$(BIN)/pytest

## The inner loop: lint, then every test that starts no Airflow (no `airflow dags test`, no scheduler).
test-fast: install lint
	$(BIN)/pytest -m "not dagrun"

## Debian's chromium and chromedriver for the dashboard's browser tests (apt-get as root when
## missing); elsewhere they are skipped with the reason.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } || \
	  echo "chromium/chromedriver not installed: the browser tests will be skipped"

## The style the tools hold: ruff's rules, and ruff format's layout (`make format` applies it).
lint: install
	$(BIN)/ruff check dags plugins testbed tests
	$(BIN)/ruff format --check dags plugins testbed tests

format: install
	$(BIN)/ruff format dags plugins testbed tests
	$(BIN)/ruff check --fix dags plugins testbed tests

## Airflow with its UI on http://127.0.0.1:8080 (PORT=...): API server, scheduler, DAG processor,
## connections, pools, DAGs unpaused; prints the URL and the login. Ctrl-C stops it.
airflow: install
	$(BIN)/python -m local_harness.standalone $(if $(PORT),--port $(PORT)) $(if $(NOTIFICATIONS),--notifications)

## Apply the schema migrations to COMMERCE_DB_URL (or the embedded Postgres).
migrate: install
	$(BIN)/python -m local_harness.migrate

## Run the SP-API simulator alone (PORT=8000 by default).
simulator: install
	$(BIN)/python -m sp_api_simulator --port $(or $(PORT),8000)

## Record a Commerce shipment (the warehouse's side): make ship ARGS="111-... --carrier UPS --tracking 1Z...".
ship: install
	$(BIN)/python -m local_harness.ship $(ARGS)

bench: install
	$(BIN)/python -m local_harness.bench $(ARGS)

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
