#!/usr/bin/env bash
# `make run`'s last step: the development server with the background-job worker and the
# scheduler beside it, all three stopped together (Ctrl+C). The production processes are the
# same commands as service units (deploy/systemd, scripts/serve-region.sh).
set -u
host=${1:-127.0.0.1}
port=${2:-8000}
py=${PY:-.venv/bin/python}
export DEBUG=true
"$py" -m ambito db_worker --queue-name '*' --no-reload --interval 1 &
worker=$!
"$py" -m ambito scheduler &
scheduler=$!
trap 'kill $worker $scheduler 2>/dev/null; wait $worker $scheduler 2>/dev/null' EXIT INT TERM
"$py" -m ambito runserver "$host:$port"
