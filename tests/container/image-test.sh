#!/usr/bin/env bash
# Builds the container image and checks it as a user would run it (`make image-test`):
#   - the HEALTHCHECK is part of the image; the image size is printed;
#   - it runs as a non-root user that cannot write the application code or the virtualenv
#     (nothing outside /data and the temp folders is writable for it);
#   - /data is writable on a named volume and on a host folder;
#   - `check` without settings refuses with one line per missing setting and exit code 2;
#   - `check` with settings (an env file made from .env.example) migrates SQLite on the volume,
#     SQLite in a host folder, and the host's PostgreSQL (--network host, a database this script
#     creates and drops);
#   - `simulator` answers from the container;
#   - `run --demo` against a loopback fake Bot API on the host answers /start, passes the
#     image's HEALTHCHECK, and stops within 2 s of SIGTERM with exit code 0;
#   - docker-compose.yml validates (`docker compose config` or `podman-compose config`).
#
# Environment (all optional):
#   CONTAINER_ENGINE   podman or docker (default: podman when installed, else docker)
#   PYTHON_IMAGE       base image, passed as --build-arg (default: the Dockerfile's)
#   IMAGE_BUILD_FLAGS  extra build flags, e.g. "-v /etc/ssl/certs:/etc/ssl/certs:ro --network host"
#   IMAGE              tag to build (default localhost/smart-car-bot:image-test)
#   TEST_POSTGRES_URL  PostgreSQL to create the scratch database on
#                      (default postgresql+asyncpg://postgres@127.0.0.1:5432/test)
#   HOST_PYTHON        the checkout's interpreter for the helpers (default .venv/bin/python)
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$top"
started=$SECONDS

engine=${CONTAINER_ENGINE:-}
if [ -z "$engine" ]; then
  if command -v podman >/dev/null 2>&1; then engine=podman
  elif command -v docker >/dev/null 2>&1; then engine=docker
  else echo "image test: neither podman nor docker is installed" >&2; exit 1
  fi
fi
image=${IMAGE:-localhost/smart-car-bot:image-test}
py=${HOST_PYTHON:-$top/.venv/bin/python}
pg_url=${TEST_POSTGRES_URL:-postgresql+asyncpg://postgres@127.0.0.1:5432/test}
admin=42
podman_compose=1.6.0
token="123456789:AAE-image-test-token-abcdefghijklmnop"
run_id="sc-image-test-$$-$RANDOM"
volume="$run_id-data"
dbname="smart_car_bot_image_test_$(date +%s)_$$"
work=$(mktemp -d)
failures=0
fake_pid=""
db_created=""

[ -x "$py" ] || { echo "image test: $py is missing; run \`make env\` first" >&2; exit 1; }

say() { printf '%s\n' "$*"; }
pass() { say "ok   - $*"; }
fail() { say "FAIL - $*" >&2; failures=$((failures + 1)); }
eng() { "$engine" "$@"; }
# One-off containers: no healthcheck timers (podman needs systemd for them), removed after.
once() { eng run --rm --no-healthcheck "$@"; }
free_port() { "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pg_admin=${pg_url/+asyncpg/}
pg_scratch="${pg_admin%/*}/$dbname"

cleanup() {
  set +e
  for name in "$run_id-sim" "$run_id-demo" "$run_id-hook"; do eng rm -f -v "$name" >/dev/null 2>&1; done
  eng volume rm -f "$volume" >/dev/null 2>&1
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
  [ -n "$db_created" ] && psql "$pg_admin" -qc "DROP DATABASE IF EXISTS \"$dbname\"" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# ------------------------------------------------------------------------------------- build
build=(build -t "$image" -f Dockerfile)
[ "$engine" = podman ] && build+=(--format docker)  # an OCI image would drop the HEALTHCHECK
[ -n "${PYTHON_IMAGE:-}" ] && build+=(--build-arg "PYTHON_IMAGE=$PYTHON_IMAGE")
read -r -a extra <<<"${IMAGE_BUILD_FLAGS:-}"
build+=("${extra[@]}")
say "Building $image with $engine (base: ${PYTHON_IMAGE:-the Dockerfile default})"
t0=$SECONDS
if ! eng "${build[@]}" . >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log" >&2
  echo "image test: the image does not build" >&2
  exit 1
fi
size=$(eng image inspect --format '{{.Size}}' "$image")
say "Built in $((SECONDS - t0)) s; image size: $((size / 1000000)) MB ($size bytes)"

healthcheck=$(eng image inspect --format '{{json .Config.Healthcheck}}' "$image")
case "$healthcheck" in
  *healthz*) pass "the image carries a HEALTHCHECK on /healthz" ;;
  *) fail "the image has no HEALTHCHECK (got: $healthcheck)" ;;
esac

head=$("$py" -c 'from alembic.script import ScriptDirectory
from bot.storage.migrations import alembic_config
print(ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head())')

# --------------------------------------------------------------------- user and permissions
uid=$(once --entrypoint id "$image" -u)
if [ "$uid" != 0 ]; then pass "runs as a non-root user (uid $uid)"; else fail "runs as root"; fi

# shellcheck disable=SC2016  # expanded inside the container
code_probe='pkg=$(python -c "import bot, os; print(os.path.dirname(bot.__file__))")
case "$pkg" in /app/*) ;; *) echo "bot is imported from $pkg, not /app"; exit 1 ;; esac
writable=$(find / -xdev ! -type l -writable 2>/dev/null | grep -vE "^(/data|/tmp|/var/tmp|/run/lock)(/|$)" | head -n 5)
[ -z "$writable" ] || { echo "writable: $writable"; exit 1; }
if touch "$pkg/__init__.py" 2>/dev/null; then echo "rewrote $pkg/__init__.py"; exit 1; fi
echo "$pkg, owner $(stat -c %U "$pkg")"'
if out=$(once --entrypoint sh "$image" -c "$code_probe" 2>&1); then
  pass "cannot write the application code or the virtualenv; only /data and the temp folders are writable ($out)"
else
  fail "the runtime user can write the application: $out"
fi

eng volume create "$volume" >/dev/null
if once -v "$volume:/data" --entrypoint sh "$image" -c 'touch /data/probe && rm /data/probe'; then
  pass "/data is writable on a named volume"
else
  fail "/data is not writable on a named volume"
fi

# -------------------------------------------------------------------- check without settings
set +e
once "$image" check >"$work/check.out" 2>"$work/check.err"
rc=$?
set -e
listed=$(grep -E '^  - ' "$work/check.err" | cut -d: -f1 | tr -d ' -' | paste -sd, -)
# No ADMIN_USER_IDS is not an error: the bot starts in set-up mode (it tells each user their id).
if [ "$rc" = 2 ] && [ "$listed" = "TELEGRAM_BOT_TOKEN,FERNET_KEYS" ]; then
  pass "check without settings exits 2 with one line per setting ($listed)"
else
  fail "check without settings: exit $rc, lines: $listed"; cat "$work/check.err" >&2
fi

# ------------------------------------------------ an env file made from .env.example, as a user
key=$(once "$image" gen-key)
sed -e "s|^TELEGRAM_BOT_TOKEN=.*|TELEGRAM_BOT_TOKEN=$token|" \
    -e "s|^FERNET_KEYS=.*|FERNET_KEYS=$key|" \
    -e "s|^ADMIN_USER_IDS=.*|ADMIN_USER_IDS=$admin|" .env.example >"$work/env"

sqlite_version='import sqlite3; print(sqlite3.connect("/data/bot.db").execute("SELECT version_num FROM alembic_version").fetchone()[0])'
if once --env-file "$work/env" -v "$volume:/data" "$image" check >"$work/check.out" 2>&1 \
    && [ "$(once -v "$volume:/data" --entrypoint python "$image" -c "$sqlite_version")" = "$head" ]; then
  pass "check with .env.example's settings migrates SQLite on the volume (/data/bot.db at $head)"
else
  fail "check did not migrate /data/bot.db on the volume"; cat "$work/check.out" >&2
fi

hostdir="$work/hostdata"
mkdir "$hostdir"
chown "$uid" "$hostdir" 2>/dev/null || chmod 0777 "$hostdir"
if once --env-file "$work/env" -v "$hostdir:/data" "$image" check >"$work/check.out" 2>&1 \
    && [ -s "$hostdir/bot.db" ]; then
  pass "check migrates SQLite in a host folder mounted on /data (owner uid $(stat -c %u "$hostdir/bot.db"), $(stat -c %s "$hostdir/bot.db") bytes)"
else
  fail "check did not write bot.db into the host folder"; cat "$work/check.out" >&2
fi

# ---------------------------------------------------------------------- PostgreSQL on the host
if psql "$pg_admin" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"$dbname\"" >"$work/psql.log" 2>&1; then
  db_created=1
  if once --network host --env-file "$work/env" -e "DATABASE_URL=${pg_url%/*}/$dbname" \
        "$image" check >"$work/check.out" 2>&1 \
      && [ "$(psql "$pg_scratch" -tAc 'SELECT version_num FROM alembic_version')" = "$head" ]; then
    pass "check migrates the host's PostgreSQL (database $dbname at $head)"
  else
    fail "check did not migrate PostgreSQL"; cat "$work/check.out" >&2
  fi
else
  fail "cannot create database $dbname on $pg_admin: $(cat "$work/psql.log")"
fi

# ------------------------------------------------------------------------------- simulator
sim_port=$(free_port)
eng run -d --no-healthcheck --name "$run_id-sim" --network host "$image" \
  simulator --port "$sim_port" >/dev/null
accounts=""
for _ in $(seq 1 60); do
  accounts=$("$py" -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$sim_port/_sim/accounts', timeout=2).read().decode())" 2>/dev/null) && break
  sleep 0.5
done
if [[ "$accounts" == *"@"* ]]; then
  pass "the simulator answers from the container on port $sim_port"
else
  fail "the simulator did not answer on port $sim_port"; eng logs "$run_id-sim" >&2 || true
fi
eng rm -f -v "$run_id-sim" >/dev/null

# ------------------------------------------- demo mode: /start, HEALTHCHECK, SIGTERM within 2 s
"$py" -m tests.container.fake_bot_api --admin "$admin" --timeout 90 >"$work/fake.log" 2>&1 &
fake_pid=$!
api=""
for _ in $(seq 1 100); do
  api=$(sed -n 's/^ready //p' "$work/fake.log") && [ -n "$api" ] && break
  sleep 0.1
done
[ -n "$api" ] || { cat "$work/fake.log" >&2; echo "image test: the fake Bot API did not start" >&2; exit 1; }
health_port=$(free_port)
demo=(run -d --name "$run_id-demo" --network host --env-file "$work/env"
      -e "TELEGRAM_API_BASE_URL=$api" -e "HEALTH_PORT=$health_port" -e WEBHOOK_LISTEN=127.0.0.1
      -v "$volume:/data")
[ "$engine" = docker ] && demo+=(--health-interval 2s)
eng "${demo[@]}" "$image" run --demo >/dev/null 2>"$work/demo-run.err" \
  || { cat "$work/demo-run.err" >&2; fail "the demo container did not start"; }

replied=""
for _ in $(seq 1 180); do
  replied=$(sed -n 's/^replied //p' "$work/fake.log") && [ -n "$replied" ] && break
  sleep 0.5
done
if [ -n "$replied" ]; then pass "run --demo answers the admin's /start (\"$replied\")"
else fail "run --demo did not answer /start"; fi

healthy=""
for _ in $(seq 1 60); do
  if [ "$engine" = podman ]; then
    podman healthcheck run "$run_id-demo" >/dev/null 2>&1 && healthy=1 && break
  else
    [ "$(docker inspect --format '{{.State.Health.Status}}' "$run_id-demo")" = healthy ] && healthy=1 && break
  fi
  sleep 1
done
if [ -n "$healthy" ]; then pass "the image's HEALTHCHECK passes in --demo mode"
else fail "the HEALTHCHECK does not pass in --demo mode"; fi

if [ "$(eng inspect --format '{{.State.Running}}' "$run_id-demo")" = true ]; then
  t0=$(date +%s%N)
  eng kill --signal TERM "$run_id-demo" >/dev/null
  code=$(eng wait "$run_id-demo")
  elapsed_ms=$((($(date +%s%N) - t0) / 1000000))
  if [ "$code" = 0 ] && [ "$elapsed_ms" -lt 2000 ]; then
    pass "SIGTERM stops the bot in $elapsed_ms ms with exit code 0"
  else
    fail "SIGTERM: exit code $code after $elapsed_ms ms (want 0 within 2000 ms)"
  fi
else
  fail "the demo bot was not running when SIGTERM was due"
fi
eng logs "$run_id-demo" >"$work/demo.log" 2>&1 || true
if grep -q Traceback "$work/demo.log"; then fail "the demo bot logged a traceback"; fi
[ "$failures" = 0 ] || tail -n 30 "$work/demo.log" >&2
eng rm -f -v "$run_id-demo" >/dev/null 2>&1

# ---------------------- webhook mode with the image's defaults: reachable from outside the box
# With --network host, a server bound to 127.0.0.1 would not answer on the host's own address.
host_ip=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9.]+$' | grep -v '^127\.' | head -n 1 || true)
hook_port=$(free_port)
eng run -d --no-healthcheck --name "$run_id-hook" --network host --env-file "$work/env" \
  -e "TELEGRAM_API_BASE_URL=$api" -e "TELEGRAM_WEBHOOK_URL=http://127.0.0.1:$hook_port/telegram" \
  -e "TELEGRAM_WEBHOOK_SECRET=image-test-webhook-secret" -e "WEBHOOK_PORT=$hook_port" \
  -e "HEALTH_PORT=$(free_port)" -v "$volume:/data" "$image" >/dev/null
answer=""
for _ in $(seq 1 120); do
  [ -n "$host_ip" ] || break
  answer=$("$py" -c "import urllib.request; print(urllib.request.urlopen('http://$host_ip:$hook_port/healthz', timeout=2).status)" 2>/dev/null) && break
  sleep 0.5
done
if [ "$answer" = 200 ]; then
  pass "webhook mode (the image's default command) answers on $host_ip:$hook_port, not only on loopback"
else
  fail "webhook mode does not answer on the host address '${host_ip:-none found}':$hook_port"
  eng logs "$run_id-hook" 2>&1 | tail -n 20 >&2
fi
eng rm -f -v "$run_id-hook" >/dev/null

# ----------------------------------------------------------------------------- compose file
# docker compose, else a podman-compose that has `config` (Debian 12's 1.0.3 has not), else
# podman-compose from PyPI through uv, pinned.
compose=()
uv=${UV:-$(command -v uv || echo "$top/.tools/bin/uv")}
[[ "$uv" == /* ]] || uv="$top/$uv"
if docker compose version >/dev/null 2>&1; then compose=(docker compose)
elif podman-compose config --help >/dev/null 2>&1; then compose=(podman-compose)
elif [ -x "$uv" ]; then compose=("$uv" tool run --from "podman-compose==$podman_compose" podman-compose)
fi
if [ "${#compose[@]}" = 0 ]; then
  fail "found neither docker compose nor podman-compose nor uv to validate docker-compose.yml"
else
  mkdir "$work/compose"
  cp docker-compose.yml "$work/compose/"
  cp "$work/env" "$work/compose/.env"
  if (cd "$work/compose" && "${compose[@]}" -f docker-compose.yml config) >"$work/compose.out" 2>&1 \
      && grep -q 'postgresql+asyncpg://bot:bot@db:5432/bot' "$work/compose.out" \
      && grep -q healthz "$work/compose.out" && grep -q 'WEBHOOK_LISTEN: 0.0.0.0' "$work/compose.out" \
      && grep -q '127.0.0.1:8080:8080' "$work/compose.out"; then
    pass "${compose[*]##*/} config validates docker-compose.yml (bot on the db service, healthcheck, webhook port)"
  else
    fail "${compose[*]} config rejects docker-compose.yml"; cat "$work/compose.out" >&2
  fi
fi

say "Image test: $failures failure(s) in $((SECONDS - started)) s; image size $((size / 1000000)) MB"
[ "$failures" = 0 ]
