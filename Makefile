# The README's two set-up commands are `make run` and `make test`. Each one creates the
# environment on its own: uv is used when it is on PATH, otherwise it is bootstrapped into
# .tools/ through pip, and the locked dependency set plus the bot itself (editable, with its
# `smart-car-bot` command) is installed into .venv/.
SHELL := /bin/bash
PYTHON ?= python3
# The uv release bootstrapped here and used in the Dockerfile (keep both in step).
UV_VERSION := 0.13.9
UV_SYSTEM := $(shell command -v uv 2>/dev/null)
VENV := .venv
LINT_PATHS := $(wildcard bot tests bench alembic tools)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run demo test test-fast lint typecheck pytest bench env clean migrate image-test messages

ifeq ($(UV_SYSTEM),)
UV := .tools/bin/uv
$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
else
UV := $(UV_SYSTEM)
endif

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	touch $@

RUN := $(UV) run --no-sync

env: $(VENV)/.synced

run: env
	$(RUN) python -m bot run

# Only TELEGRAM_BOT_TOKEN is needed (in .env or the environment): the demo makes its own key
# and database, and without ADMIN_USER_IDS the first user to write becomes its admin.
demo: env
	$(RUN) python -m bot run --demo

migrate: env
	$(RUN) python -m bot migrate

lint: env
	$(RUN) ruff check $(LINT_PATHS)
	$(RUN) ruff format --check $(LINT_PATHS)

typecheck: env
	$(RUN) mypy bot tests

pytest: env
	$(RUN) pytest $(PYTEST_ARGS)

test: lint typecheck pytest

# The fast tests only: everything but the end-to-end suite (marked `slow`), a minute or two.
test-fast: env
	$(RUN) pytest -m "not slow" $(PYTEST_ARGS)

# pysmarthashtag (the reference library of bench 4) is added for this run only: never in
# .venv, uv.lock or the bot. `make bench BENCH=startup` runs one benchmark.
bench: env
	$(UV) run --no-sync --with pysmarthashtag==0.15.0 python -m bench $(BENCH)

# Build the container image and check it (non-root, /data, check, migrations, simulator,
# SIGTERM, HEALTHCHECK, compose file; the script's header lists each check). Needs podman or
# docker; PYTHON_IMAGE picks the base image (default python:3.12-slim).
image-test: env
	UV="$(UV)" bash tests/container/image-test.sh

# The gettext catalogues: extract bot/tg/locales/messages.pot from the code (Babel, babel.cfg),
# update each language's messages.po from it and compile the .mo files the bot loads.
messages: env
	$(RUN) python tools/dicts_to_po.py --messages

clean:
	rm -rf $(VENV) .tools .mypy_cache .ruff_cache .pytest_cache
