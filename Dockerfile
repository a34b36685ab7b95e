# The bot as a container image: `smart-car-bot` (= `python -m bot`) installed from the locked
# dependency set. Two stages: uv builds the virtualenv, the runtime stage carries only that.
#   docker build -t smart-car-bot .
#   docker build --build-arg PYTHON_IMAGE=<another Python 3.11+ image> -t smart-car-bot .
# The base must provide `python3` (3.11 or newer) and `pip`; the runtime stage uses the same base,
# since the virtualenv points at its interpreter.
ARG PYTHON_IMAGE=python:3.12-slim

FROM ${PYTHON_IMAGE} AS builder
# uv from PyPI, pinned: the same release the Makefile bootstraps (UV_VERSION there).
ARG UV_VERSION=0.13.9
RUN python3 -m pip install --no-cache-dir --disable-pip-version-check "uv==${UV_VERSION}"
WORKDIR /src
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_NO_CACHE=1
# Dependencies first (a cached layer while only the code changes), without dev tools.
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project --python python3
# Then the bot itself as a regular (not editable) install: code and migrations end up inside
# the virtualenv, so the runtime stage needs no source tree.
COPY README.md ./
COPY alembic ./alembic
COPY bot ./bot
RUN uv sync --locked --no-dev --no-editable --python python3 && rm -f /app/.venv/.lock

FROM ${PYTHON_IMAGE} AS runtime
# A non-root user that owns only /data; the code and the virtualenv stay root-owned and
# read-only for it.
RUN useradd --uid 10001 --user-group --home-dir /data --no-create-home \
        --shell /usr/sbin/nologin bot \
    && mkdir -p /data \
    && chown bot:bot /data \
    && chmod 0750 /data
COPY --from=builder /app/.venv /app/.venv
WORKDIR /app
# DATABASE_URL: SQLite on the /data volume unless overridden (compose sets PostgreSQL).
# WEBHOOK_LISTEN: reachable through a published port in webhook mode.
# HEALTH_PORT: /healthz for the HEALTHCHECK below.
ENV PATH="/app/.venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/bot.db \
    WEBHOOK_LISTEN=0.0.0.0 \
    HEALTH_PORT=8081
USER bot
VOLUME ["/data"]
EXPOSE 8080
# Healthy when /healthz answers 200: the database is reachable and the poller ticks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['HEALTH_PORT'] + '/healthz', timeout=4)"]
# `run` applies migrations, then starts the bot; SIGTERM stops it gracefully.
ENTRYPOINT ["smart-car-bot"]
CMD ["run"]
