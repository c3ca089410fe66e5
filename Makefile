# Los: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The suite runs on both cores; PYTEST_ARGS="-n 0 -x" runs it in one process.
PYTEST_ARGS ?= -n 2
SEED_FAMILIES ?= 40
export LOS_ALLOW_SYNTHETIC_IDS ?= 1

.PHONY: run test lint setup frontend messages clean worker

setup: $(VENV)/.installed node_modules/.installed messages

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend: node_modules/.installed

messages: $(VENV)/.installed
	@cd los && DEBUG=1 ../$(BIN)/los compilemessages --verbosity 0

# The demo is served as production would be (DEBUG off: Los' own error pages; whitenoise serves the
# static files) but in demo mode. var/.env holds its settings (a secret key made once, LOS_DEMO=1, the
# address with the port served): `.venv/bin/los ...` in this checkout reads it too (los/envfile.py).
run: setup
	@$(BIN)/python -m los.envfile var/.env --port $(PORT)
	$(BIN)/los migrate --noinput --verbosity 0
	$(BIN)/los seed --families $(SEED_FAMILIES) --seed 1 --if-empty
	@PORT=$(PORT) $(BIN)/los demo-logins
	@$(BIN)/los worker --no-reload > var/worker.log 2>&1 & \
	 echo "Bakgrunnsjobber kjører (logg: var/worker.log)"; \
	 trap 'kill %1 2>/dev/null' EXIT INT TERM; \
	 $(BIN)/los runserver --noreload 127.0.0.1:$(PORT)

worker: setup
	@test -f var/.env || $(BIN)/python -m los.envfile var/.env --port $(PORT)
	$(BIN)/los worker

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check los tests bench
	$(BIN)/ruff format --check los tests bench

clean:
	rm -rf $(VENV) node_modules var staticfiles
