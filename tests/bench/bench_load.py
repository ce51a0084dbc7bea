"""Load benchmark (issue 16): simulated users doing the day's work against gunicorn on PostgreSQL.

    .venv/bin/python tests/bench/bench_load.py                          # this tree, 50/100/200
    git worktree add /tmp/ambito-before eef5211
    .venv/bin/python tests/bench/bench_load.py --before /tmp/ambito-before   # before and after
    .venv/bin/python tests/bench/bench_load.py --reuse --levels 50 --duration 30   # quick run

For each source tree (--before TREE, then --tree, default this repository): a scratch PostgreSQL
database `bench_load_<label>` migrated and filled with the full demo by that tree's own code
(PYTHONPATH=<tree>/src, the same .venv; --reuse keeps and reuses it), then gunicorn
(`ambito.wsgi:application -w 3`, DEBUG off, Redis cache on a database number of its own) on a
loopback port. Then:

- CPU-seconds per request of each page type: one user, serial, --cpu-runs requests of each
  page; the CPU time (utime+stime from /proc) of the gunicorn workers and of the PostgreSQL
  server's processes before and after, divided by the requests.
- levels of N simulated users (default 50, 100, 200), closed loop: each user logs in once as
  one of the demo logins of its persona (the demo has one login per role; several simulated
  users share one, each with its own session), then repeats its persona's mix of pages with an
  exponential think time (mean --think seconds). Users start spread over --ramp seconds; the
  figures are those of the requests that end in the --duration seconds after the ramp.
- capacity levels: more users with a short think time (--capacity, default 10, 20, 30 and 45
  users thinking 0.5 s: a closed loop of enough users keeps the personas' shares, where a few
  users without think time would measure mostly the cheapest persona's pages); the capacity
  is the highest requests/s of any level whose overall p95 is <= 1 s.

Personas (share of the users): front office 30% (access point home, the contact form, the
day's contacts of an access point, the registry search), social worker 40% (my work, a case,
registry search, applications), coordinator 15% (assignment queue, my work, a case), planner
15% (LEP dashboard, home). Each persona also logs out and in again now and then
(the "login" row). Read-only: nothing is written but sessions, audit rows and axes' records.

Bounded: every level stops after ramp + duration (+ at most one request's timeout); gunicorn is
stopped and the scratch databases dropped at the end (unless --reuse). Loopback only. Prints a
markdown table. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests
from benchlib import ROOT, admin_sql, percentile

PASSWORD = "Ambito-demo-2026!"  # the demo's published password (demo/data.py)
HOST = "127.0.0.1"
CLK_TCK = os.sysconf("SC_CLK_TCK")
TIMEOUT = 30

# persona: (share, logins, [(page, weight)])
PERSONAS = {
    "front_office": (
        0.30,
        ["front.office"],
        [
            ("access_home", 3),
            ("contact_form", 2),
            ("access_point_day", 2),
            ("registry_search", 3),
            ("home", 1),
            ("login", 0.3),
        ],
    ),
    "social_worker": (
        0.40,
        ["assistente.pistoia", "assistente.quarrata"],
        [
            ("my_work", 4),
            ("case", 4),
            ("registry_search", 2),
            ("applications", 1),
            ("home", 1),
            ("login", 0.3),
        ],
    ),
    "coordinator": (
        0.15,
        ["coordinatore"],
        [("assignment_queue", 4), ("my_work", 2), ("case", 2), ("home", 1), ("login", 0.3)],
    ),
    "planner": (
        0.15,
        ["ufficio.piano"],
        [("lep_dashboard", 4), ("home", 1), ("login", 0.3)],
    ),
}

PATHS = {
    "home": "/",
    "my_work": "/cartelle/",
    "case": "/cartelle/{case}/",
    "assignment_queue": "/cartelle/assegnazione/",
    "access_home": "/accessi/",
    "contact_form": "/accessi/nuovo/",
    "access_point_day": "/accessi/punto/{access_point}/",
    "registry_search": "/anagrafe/",
    "lep_dashboard": "/monitoraggio/",
    "applications": "/domande/",
}

# Printed as JSON by `python -m ambito shell -c` in the tree under test: what the pages need.
TARGETS_SNIPPET = """
import json
from ambito.territory.models import AccessPoint
from ambito.cases.models import Case
from ambito.core.models import User
from ambito.registry.models import Person
users = {u.username: u for u in User.objects.filter(username__in=%(logins)r)}
cases = {}
for name in ("assistente.pistoia", "assistente.quarrata", "coordinatore"):
    qs = Case.objects.visible_to(users[name]).exclude(status="closed").order_by("pk")
    cases[name] = [str(u) for u in qs.values_list("uuid", flat=True)[:40]]
fo = users["front.office"]
points = AccessPoint.objects.filter(zone_id=fo.zone_id).order_by("pk")
surnames = sorted(set(Person.objects.filter(zone_id=fo.zone_id).order_by("pk")
                      .values_list("last_name", flat=True)[:300]))[:60]
print("TARGETS " + json.dumps({
    "cases": cases,
    "access_points": [str(u) for u in points.values_list("uuid", flat=True)[:10]],
    "surnames": surnames,
}))
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", default=str(ROOT), help="source tree to measure (after)")
    parser.add_argument("--before", metavar="TREE", help="also measure this tree, first")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379", help="'' = no Redis")
    parser.add_argument("--reuse", action="store_true", help="keep and reuse the databases")
    parser.add_argument("--levels", default="50,100,200")
    parser.add_argument(
        "--capacity",
        default="10:0.5,20:0.5,30:0.5,45:0.5",
        help="users:think pairs of the capacity levels",
    )
    parser.add_argument("--think", type=float, default=10.0, help="mean think time, s")
    parser.add_argument("--duration", type=float, default=60.0, help="measured s per level")
    parser.add_argument("--ramp", type=float, default=20.0, help="s over which users start")
    parser.add_argument("--capacity-duration", type=float, default=25.0)
    parser.add_argument("--cpu-runs", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=0, help="0 = a free one")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--after-first", action="store_true", help="measure --tree before --before's tree"
    )
    return parser.parse_args()


# --- the server -------------------------------------------------------------------------------


def db_url(postgres: str, name: str) -> str:
    from urllib.parse import urlparse, urlunparse

    return urlunparse(urlparse(postgres)._replace(path=f"/{name}"))


def tree_env(tree: Path, *, database: str, var_dir: Path, redis: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("AMBITO_TESTING", "DEBUG")}
    env.update(
        PYTHONPATH=str(tree / "src"),
        DATABASE_URL=database,
        AMBITO_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="ambito.settings",
        SECRET_KEY="bench-load-" + "x" * 50,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        LOG_FORMAT="plain",
        LOG_LEVEL="WARNING",
        AXES_FAILURE_LIMIT="100000",
        AMBITO_LOGIN_IP_FAILURE_LIMIT="100000",
        REDIS_URL=redis,
    )
    return env


def database_exists(postgres: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(postgres, autocommit=True) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def build_database(tree: Path, postgres: str, name: str, env: dict) -> None:
    print(f"[{name}] migrate + demo from {tree}...", flush=True)
    admin_sql(postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin_sql(postgres, f"CREATE DATABASE {name}")
    py = [sys.executable, "-m", "ambito"]
    build_env = dict(env, DEBUG="true")  # the demo refuses to run on a production setup
    start = time.perf_counter()
    for cmd in (["migrate", "-v0"], ["demo"]):
        subprocess.run(py + cmd, env=build_env, cwd=tree, check=True, stdout=subprocess.DEVNULL)
    admin_sql(db_url(postgres, name), "ANALYZE")
    print(f"[{name}] built in {time.perf_counter() - start:.0f} s", flush=True)


def targets(tree: Path, env: dict) -> dict:
    logins = sorted({login for _, names, _ in PERSONAS.values() for login in names})
    out = subprocess.run(
        [sys.executable, "-m", "ambito", "shell", "-c", TARGETS_SNIPPET % {"logins": logins}],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise RuntimeError("targets: " + out.stderr[-3000:])
    out = out.stdout
    line = next(x for x in out.splitlines() if x.startswith("TARGETS "))
    return json.loads(line[8:])


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, tree: Path, env: dict, port: int, workers: int):
        self.base = f"http://{HOST}:{port}"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        cmd = [str(gunicorn), "ambito.wsgi:application", "-w", str(workers)]
        cmd += ["-b", f"{HOST}:{port}", "--timeout", str(TIMEOUT), "--log-level", "warning"]
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed with the server)
        self.proc = subprocess.Popen(cmd, env=env, cwd=tree, stdout=self.log, stderr=self.log)
        self.workers = workers
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.seek(0)
                raise RuntimeError("gunicorn stopped:\n" + self.log.read().decode()[-3000:])
            try:
                answer = requests.get(self.base + "/account/login/", timeout=5)
                if answer.status_code == 200 and len(self.worker_pids()) >= workers:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not answer in 60 s")

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except OSError:
            return []

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def cpu_by_pid(pids) -> dict[int, float]:
    """utime + stime of each process, in seconds (/proc/<pid>/stat fields 14 and 15)."""
    times = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        times[pid] = (int(fields[11]) + int(fields[12])) / CLK_TCK
    return times


def cpu_delta(before: dict, after: dict) -> float:
    """CPU seconds spent between two readings by the processes alive at both."""
    return sum(after[pid] - before[pid] for pid in before.keys() & after.keys())


def postgres_pids() -> list[int]:
    """The PostgreSQL server's processes (the bench's connections and any other's: the
    figure is meant for a quiet machine)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


# --- the simulated users ----------------------------------------------------------------------


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(int)
        self.error_samples = []
        self.window = (0.0, float("inf"))

    def record(self, page: str, started: float, ms: float, ok: bool, detail: str = "") -> None:
        end = started + ms / 1000
        if not (self.window[0] <= end <= self.window[1]):
            return
        with self.lock:
            if ok:
                self.times[page].append(ms)
            else:
                self.errors[page] += 1
                if len(self.error_samples) < 5:
                    self.error_samples.append(f"{page}: {detail}")


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class User:
    def __init__(self, base, username, persona, data, stats, rng):
        self.base, self.username, self.persona = base, username, persona
        self.data, self.stats, self.rng = data, stats, rng
        self.session = requests.Session()
        self.csrf = ""

    def request(self, page, method, path, **kw):
        started = time.monotonic()
        try:
            r = self.session.request(
                method, self.base + path, timeout=TIMEOUT, allow_redirects=False, **kw
            )
            ms = (time.monotonic() - started) * 1000
            expected = 302 if page == "login" else 200
            ok = r.status_code == expected
            if page == "login" and ok and "/account/login/" in r.headers.get("Location", ""):
                ok = False
            self.stats.record(page, started, ms, ok, f"HTTP {r.status_code} {path}")
            return r if ok else None
        except requests.RequestException as exc:
            ms = (time.monotonic() - started) * 1000
            self.stats.record(page, started, ms, False, f"{type(exc).__name__} {path}")
            return None

    def login(self) -> bool:
        self.session.cookies.clear()
        started = time.monotonic()
        try:
            r = self.session.get(self.base + "/account/login/", timeout=TIMEOUT)
            match = CSRF_RE.search(r.text)
        except requests.RequestException as exc:
            ms = (time.monotonic() - started) * 1000
            self.stats.record("login", started, ms, False, f"{type(exc).__name__} login form")
            return False
        if not match:
            self.stats.record("login", started, 0, False, f"HTTP {r.status_code} login form")
            return False
        form = {"username": self.username, "password": PASSWORD}
        form["csrfmiddlewaretoken"] = match.group(1)
        if self.request("login", "POST", "/account/login/", data=form) is None:
            return False
        self.csrf = ""
        return True

    def token(self) -> str:
        if not self.csrf:
            try:
                r = self.session.get(self.base + "/anagrafe/", timeout=TIMEOUT)
            except requests.RequestException:
                return ""  # the search then fails with 403, counted as an error
            match = CSRF_RE.search(r.text)
            self.csrf = match.group(1) if match else ""
        return self.csrf

    def do(self, page) -> None:
        if page == "login":
            self.login()
            return
        if page == "registry_search":
            form = {
                "q": self.rng.choice(self.data["surnames"]),
                "csrfmiddlewaretoken": self.token(),
            }
            headers = {"HX-Request": "true", "Referer": self.base + "/anagrafe/"}
            self.request(page, "POST", "/anagrafe/", data=form, headers=headers)
            return
        fill = {}
        if "{case}" in PATHS[page]:
            cases = self.data["cases"].get(self.username) or self.data["cases"]["coordinatore"]
            fill["case"] = self.rng.choice(cases)
        if "{access_point}" in PATHS[page]:
            fill["access_point"] = self.rng.choice(self.data["access_points"])
        self.request(page, "GET", PATHS[page].format(**fill))


def assign_personas(n: int, rng) -> list[tuple[str, str]]:
    out = []
    names = list(PERSONAS)
    for i in range(n):
        # Deterministic shares: the i-th user's persona by cumulative share.
        x, acc = (i + 0.5) / n, 0.0
        for name in names:
            acc += PERSONAS[name][0]
            if x <= acc:
                break
        out.append((name, rng.choice(PERSONAS[name][1])))
    return out


def run_level(base, data, *, users, think, ramp, duration, seed) -> dict:
    rng = random.Random(seed)
    stats = Stats()
    t0 = time.monotonic()
    stats.window = (t0 + ramp, t0 + ramp + duration)
    stop_at = t0 + ramp + duration
    failed_logins = [0]

    def user_loop(i, persona, username):
        urng = random.Random(seed * 1000 + i)
        user = User(base, username, persona, data, stats, urng)
        pages, weights = zip(*PERSONAS[persona][2], strict=True)
        time.sleep(ramp * i / max(users, 1))
        if not user.login():
            failed_logins[0] += 1
            return
        while time.monotonic() < stop_at:
            user.do(urng.choices(pages, weights)[0])
            pause = urng.expovariate(1 / think) if think > 0 else 0
            remaining = stop_at - time.monotonic()
            if remaining <= 0:
                break
            time.sleep(min(pause, remaining))
        user.session.close()

    threads = [
        threading.Thread(target=user_loop, args=(i, p, u), daemon=True)
        for i, (p, u) in enumerate(assign_personas(users, rng))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.1, stop_at + TIMEOUT + 5 - time.monotonic()))
    all_times = [ms for v in stats.times.values() for ms in v]
    n_err = sum(stats.errors.values())
    return {
        "users": users,
        "think": think,
        "loadavg": os.getloadavg()[0],  # the machine's 1-minute load at the level's end
        "rps": (len(all_times) + n_err) / duration,
        "requests": len(all_times),
        "errors": n_err + failed_logins[0],
        "error_samples": stats.error_samples,
        "p50": percentile(all_times, 50) if all_times else None,
        "p95": percentile(all_times, 95) if all_times else None,
        "pages": {
            page: (len(v), percentile(v, 50), percentile(v, 95), stats.errors.get(page, 0))
            for page, v in sorted(stats.times.items())
        },
    }


def cpu_pass(server: Server, data, runs: int) -> dict:
    """CPU-seconds per request of each page type: serial requests of one user of each
    persona, the workers' and PostgreSQL's CPU time before and after."""
    stats = Stats()
    users = {
        persona: User(server.base, names[0], persona, data, stats, random.Random(1))
        for persona, (_, names, _) in PERSONAS.items()
    }
    for user in users.values():
        assert user.login(), f"login of {user.username} failed"
    owner = {}
    for persona, (_, _, mix) in PERSONAS.items():
        for page, _ in mix:
            owner.setdefault(page, persona)
    result = {}
    for page, persona in owner.items():
        user = users[persona]
        for _ in range(2 * server.workers):  # warm every worker (templates, the search's token)
            user.do(page)
        workers = server.worker_pids()
        app0, db0 = cpu_by_pid(workers), cpu_by_pid(postgres_pids())
        wall0 = time.monotonic()
        for _ in range(runs):
            user.do(page)
        wall = (time.monotonic() - wall0) / runs
        app = cpu_delta(app0, cpu_by_pid(workers))
        db = cpu_delta(db0, cpu_by_pid(postgres_pids()))
        result[page] = (app / runs * 1000, db / runs * 1000, wall * 1000)
    errors = sum(stats.errors.values())
    if errors:
        print(f"  cpu pass: {errors} errors {stats.error_samples}", flush=True)
    return result


# --- the run ----------------------------------------------------------------------------------


def measure_tree(label, tree, args, redis_db) -> dict:
    name = f"bench_load_{label}"
    database = db_url(args.postgres, name)
    var_dir = Path(tempfile.mkdtemp(prefix=f"{name}_"))
    redis = f"{args.redis.rstrip('/')}/{redis_db}" if args.redis else ""
    env = tree_env(tree, database=database, var_dir=var_dir, redis=redis)
    if redis:
        import redis as redis_lib

        redis_lib.Redis.from_url(redis).flushdb()
    server = None
    try:
        if not (args.reuse and database_exists(args.postgres, name)):
            build_database(tree, args.postgres, name, env)
        else:  # the tree may have gained migrations since the database was built
            subprocess.run(
                [sys.executable, "-m", "ambito", "migrate", "-v0"], env=env, cwd=tree, check=True
            )
        data = targets(tree, env)
        port = args.port or free_port()
        server = Server(tree, env, port, args.workers)
        print(f"[{label}] gunicorn -w {args.workers} on {server.base} ({tree})", flush=True)
        cpu = cpu_pass(server, data, args.cpu_runs)
        levels = []
        plan = [(n, args.think, args.ramp, args.duration) for n in parse_ints(args.levels)]
        for pair in args.capacity.split(","):
            users, think = pair.split(":")
            plan.append((int(users), float(think), 2.0, args.capacity_duration))
        for n, think, ramp, duration in plan:
            level = run_level(
                server.base, data, users=n, think=think, ramp=ramp, duration=duration,
                seed=args.seed,
            )  # fmt: skip
            p95 = f"{level['p95']:.0f}" if level["p95"] is not None else "-"
            print(
                f"[{label}] {n} users, think {think:g} s: {level['rps']:.1f} req/s, "
                f"p95 {p95} ms, {level['errors']} errors {level['error_samples'][:2]}",
                flush=True,
            )
            levels.append(level)
        return {"label": label, "tree": str(tree), "cpu": cpu, "levels": levels}
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(var_dir, ignore_errors=True)
        if not args.reuse:
            admin_sql(args.postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def parse_ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def fmt(value, digits=0):
    return "-" if value is None else f"{value:.{digits}f}"


def print_tables(results: list[dict]) -> None:
    print("\n### Levels (closed loop; p50/p95 in ms)\n")
    print("| tree | users | think s | req/s | p50 | p95 | errors | load 1 min |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        for lv in r["levels"]:
            print(
                f"| {r['label']} | {lv['users']} | {lv['think']:g} | {lv['rps']:.1f} | "
                f"{fmt(lv['p50'])} | {fmt(lv['p95'])} | {lv['errors']} | {lv['loadavg']:.1f} |"
            )
    print("\n### p50 / p95 per page (ms), levels with think time\n")
    pages = sorted({p for r in results for lv in r["levels"] for p in lv["pages"]})
    columns = [(r["label"], lv) for r in results for lv in r["levels"] if lv["think"] > 0]
    print("| page | " + " | ".join(f"{lab} {lv['users']}" for lab, lv in columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for page in pages:
        cells = []
        for _, lv in columns:
            n, p50, p95, errors = lv["pages"].get(page, (0, None, None, 0))
            cells.append(f"{fmt(p50)} / {fmt(p95)}" + (f" ({errors} err)" if errors else ""))
        print(f"| {page} | " + " | ".join(cells) + " |")
    print("\n### CPU per request, one user, serial (ms of CPU; wall ms)\n")
    print("| page | " + " | ".join(f"{r['label']} app / db / wall" for r in results) + " |")
    print("|---|" + "---:|" * len(results))
    for page in sorted({p for r in results for p in r["cpu"]}):
        cells = []
        for r in results:
            app, db, wall = r["cpu"].get(page, (None, None, None))
            cells.append(f"{fmt(app)} / {fmt(db)} / {fmt(wall)}")
        print(f"| {page} | " + " | ".join(cells) + " |")
    print("\n### Capacity (highest req/s of a level with p95 <= 1 s)\n")
    for r in results:
        ok = [lv for lv in r["levels"] if lv["p95"] is not None and lv["p95"] <= 1000]
        best = max(ok, key=lambda lv: lv["rps"]) if ok else None
        where = f" ({best['users']} users, think {best['think']:g} s)" if best else ""
        print(f"- {r['label']}: {fmt(best['rps'] if best else None, 1)} req/s{where}")


def main() -> None:
    args = parse_args()
    # A SIGTERM (timeout, kill) still stops gunicorn and drops the databases.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    trees = ([("before", Path(args.before).resolve())] if args.before else []) + [
        ("after", Path(args.tree).resolve())
    ]
    if args.after_first:
        trees.reverse()  # on a shared machine, which one meets the busier minutes
    start = time.monotonic()
    results = []
    for i, (label, tree) in enumerate(trees):
        results.append(measure_tree(label, tree, args, redis_db=11 + i))
    print_tables(results)
    print(f"\n(total {time.monotonic() - start:.0f} s)")
    print("RESULT " + json.dumps(results), flush=True)


if __name__ == "__main__":
    main()
