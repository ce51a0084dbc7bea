#!/usr/bin/env bash
# Ambito on one machine, with the processes the systemd units of deploy/systemd start:
#   N app servers (gunicorn with deploy/gunicorn.conf.py) on consecutive ports,
#   M job workers (python -m ambito db_worker, every queue),
#   the scheduler (python -m ambito scheduler), if this version has the command.
#
#   scripts/serve-region.sh [start]   start them, wait until every app server is ready
#   scripts/serve-region.sh stop      stop them (gracefully, then KILL after a timeout)
#   scripts/serve-region.sh status    which are running
#
# The environment is the caller's (DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS...: see
# deploy/ambito.env.example), e.g. `set -a; . /etc/ambito/ambito.env; set +a` first. The
# database must be migrated (python -m ambito migrate) and, for nginx, the static files
# collected; this script starts processes only. Its own settings:
#   AMBITO_APP_SERVERS   N, default 2          AMBITO_FIRST_PORT   default 8001
#   AMBITO_WORKERS       M, default 1          AMBITO_RUN_DIR      default var/run
#   AMBITO_PYTHON        default .venv/bin/python of the checkout, else python3
#   AMBITO_READY_TIMEOUT seconds to wait for /readyz, default 60
#   AMBITO_PROBE_HOST    Host header of the probe, default the first of ALLOWED_HOSTS
# PID files and logs go to the run folder: web-PORT.pid/.log, worker-I.pid/.log,
# scheduler.pid/.log; metrics-PORT/ is each app server's PROMETHEUS_MULTIPROC_DIR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${AMBITO_APP_SERVERS:-2}"
M="${AMBITO_WORKERS:-1}"
FIRST_PORT="${AMBITO_FIRST_PORT:-8001}"
RUN_DIR="${AMBITO_RUN_DIR:-$ROOT/var/run}"
READY_TIMEOUT="${AMBITO_READY_TIMEOUT:-60}"
STOP_TIMEOUT="${AMBITO_STOP_TIMEOUT:-40}" # gunicorn's graceful_timeout (30 s) and some
if [[ -n "${AMBITO_PYTHON:-}" ]]; then
    PY="$AMBITO_PYTHON"
elif [[ -x "$ROOT/.venv/bin/python" ]]; then
    PY="$ROOT/.venv/bin/python"
else
    PY="python3"
fi
ALLOWED="${ALLOWED_HOSTS:-}"
PROBE_HOST="${AMBITO_PROBE_HOST:-${ALLOWED%%,*}}"
PROBE_HOST="${PROBE_HOST:-127.0.0.1}"
BIND="${AMBITO_BIND_ADDRESS:-127.0.0.1}"

say() { echo "serve-region: $*" >&2; }

alive() { # pid file -> 0 if its process runs
    [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

launch() { # name, command... : start in the background, PID file, log file
    local name="$1"
    shift
    local pidfile="$RUN_DIR/$name.pid"
    if alive "$pidfile"; then
        say "$name already running (pid $(cat "$pidfile"))"
        return
    fi
    # setsid: its own process group, so that a Ctrl+C in the caller's terminal does not
    # reach it; `stop` signals the process (gunicorn's master stops its workers).
    setsid "$@" >>"$RUN_DIR/$name.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
    say "$name started (pid $!)"
}

ready() { # port -> 0 when /readyz answers 200 (not a redirect, not a 503)
    local host="$BIND" code
    [[ "$BIND" == "0.0.0.0" || "$BIND" == "::" ]] && host="127.0.0.1"
    [[ "$host" == *:* ]] && host="[$host]"
    # X-Forwarded-Proto: the probe is the proxy's equal (gunicorn's forwarded_allow_ips), so
    # an HTTPS-only configuration does not redirect it even without SECURE_REDIRECT_EXEMPT.
    code="$(curl --silent --max-time 5 --output /dev/null --write-out '%{http_code}' \
        -H "Host: $PROBE_HOST" -H "X-Forwarded-Proto: https" "http://$host:$1/readyz")" || true
    [[ "$code" == "200" ]]
}

pidfiles() {
    shopt -s nullglob
    # App servers first (no new requests), then workers and the scheduler.
    local f
    for f in "$RUN_DIR"/web-*.pid "$RUN_DIR"/worker-*.pid "$RUN_DIR"/scheduler.pid; do
        [[ -f "$f" ]] && echo "$f"
    done
    return 0
}

start() {
    mkdir -p "$RUN_DIR"
    cd "$ROOT"
    local i port
    for ((i = 0; i < N; i++)); do
        port=$((FIRST_PORT + i))
        mkdir -p "$RUN_DIR/metrics-$port"
        launch "web-$port" env PORT="$port" PROMETHEUS_MULTIPROC_DIR="$RUN_DIR/metrics-$port" \
            "$PY" -m gunicorn -c "$ROOT/deploy/gunicorn.conf.py"
    done
    for ((i = 1; i <= M; i++)); do
        launch "worker-$i" "$PY" -m ambito db_worker --queue-name '*' \
            --worker-id "$(hostname -s)-$i" --no-reload
    done
    if "$PY" -m ambito help scheduler >/dev/null 2>&1; then
        launch scheduler "$PY" -m ambito scheduler
    else
        say "no scheduler command in this version: not started"
    fi

    local deadline=$((SECONDS + READY_TIMEOUT))
    for ((i = 0; i < N; i++)); do
        port=$((FIRST_PORT + i))
        until ready "$port"; do
            if ! alive "$RUN_DIR/web-$port.pid"; then
                say "app server on port $port exited; its log:"
                tail -n 30 "$RUN_DIR/web-$port.log" >&2 || true
                stop
                return 1
            fi
            if ((SECONDS >= deadline)); then
                say "app server on port $port not ready after ${READY_TIMEOUT}s; its log:"
                tail -n 30 "$RUN_DIR/web-$port.log" >&2 || true
                stop
                return 1
            fi
            sleep 0.3
        done
        say "app server on port $port ready"
    done
}

stop() {
    local f pid deadline
    local -a pids=()
    for f in $(pidfiles); do
        if alive "$f"; then
            pid="$(cat "$f")"
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
        fi
    done
    deadline=$((SECONDS + STOP_TIMEOUT))
    for pid in "${pids[@]}"; do
        while kill -0 "$pid" 2>/dev/null; do
            if ((SECONDS >= deadline)); then
                say "pid $pid still running after ${STOP_TIMEOUT}s: KILL"
                kill -KILL "$pid" 2>/dev/null || true
                break
            fi
            sleep 0.2
        done
    done
    for f in $(pidfiles); do
        rm -f "$f"
    done
    say "stopped ${#pids[@]} processes"
}

status() {
    local f any=1
    for f in $(pidfiles); do
        if alive "$f"; then
            echo "$(basename "$f" .pid) running (pid $(cat "$f"))"
            any=0
        else
            echo "$(basename "$f" .pid) not running (stale PID file)"
        fi
    done
    return "$any"
}

case "${1:-start}" in
start) start ;;
stop) stop ;;
status) status ;;
*)
    echo "usage: $0 [start|stop|status]" >&2
    exit 2
    ;;
esac
