# Two stages: uv builds the locked virtualenv, the slim runtime only carries .venv and the code.
FROM python:3.12-slim AS builder
# uv from PyPI: the same tool the Makefile uses, pinned by the lock file's resolution.
RUN pip install --no-cache-dir uv
WORKDIR /app
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
# Dependencies first (cached layer), without dev tools.
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project
COPY bot ./bot
COPY alembic ./alembic
COPY alembic.ini ./

FROM python:3.12-slim AS runtime
# A non-root user: the bot needs no privileges.
RUN useradd --create-home --uid 10001 bot && mkdir -p /data && chown bot:bot /data
WORKDIR /app
COPY --from=builder --chown=bot:bot /app /app
ENV PATH="/app/.venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/bot.db
USER bot
# SQLite database (when used) lives on a volume so it survives upgrades.
VOLUME ["/data"]
# `run` applies migrations, then starts the bot; SIGTERM stops it gracefully.
CMD ["python", "-m", "bot", "run"]
