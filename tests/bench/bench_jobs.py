"""Benchmark of the background jobs (issue 16): queue latency, throughput, the INPS import as a job.

    .venv/bin/python tests/bench/bench_jobs.py                      # SQLite
    .venv/bin/python tests/bench/bench_jobs.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python tests/bench/bench_jobs.py --jobs 20 --burst 100 --rows 5000   # quick run

Three parts per backend, each in its own process on a fresh database (a SQLite file in a
temporary folder, or a scratch PostgreSQL database), with real `db_worker` processes
(`--queue-name '*' --interval 0.1 --no-startup-delay --no-reload`) started by this script
with a no-op kind ("bench.noop") registered before `call_command("db_worker")`:

1. latency: --jobs trivial jobs one after the other with one worker, from `job_start` to the
   job seen "done" (polled every 5 ms), and from the job's own timestamps the wait in the
   queue (created_at -> started_at) and the run (started_at -> finished_at);
2. throughput: --burst trivial jobs queued in one transaction, drained by 1 and by 2 workers
   (already idle when the jobs are committed): jobs/s, statuses, jobs run twice, the workers'
   logged errors (on SQLite two workers take turns on the write lock);
3. import: the registry and INPS file of bench_import.py (--rows rows), imported by a worker
   as a "measures.import" job, and in a second fresh database inline (plan_import +
   commit_import in this process, in one transaction as the job does). During both a thread
   writes one audit row (log_event in a transaction) every 100 ms: its longest wait and its
   errors show what another user's save meets while the import writes.

Not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

from benchlib import ROOT, backend_session, percentile

SCRATCH_DB = "bench_jobs"
PARTS = ["latency", "throughput", "import", "inline"]
WORKER_ARGS = ["--queue-name", "*", "--interval", "0.1", "--no-startup-delay", "--no-reload"]
NOOP = "bench.noop"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--jobs", type=int, default=50, help="jobs timed one by one")
    parser.add_argument("--burst", type=int, default=500, help="jobs queued at once")
    parser.add_argument("--rows", type=int, default=30_000, help="rows of the INPS file")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--part", choices=PARTS, help=argparse.SUPPRESS)
    parser.add_argument("--worker", metavar="ID", help=argparse.SUPPRESS)
    parser.add_argument("--ready-file", help=argparse.SUPPRESS)
    parser.add_argument("--writer", metavar="STOP_FILE", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    return parser.parse_args()


def register_noop():
    from ambito.jobs.kinds import JobKind, register

    register(JobKind(NOOP, "Lavoro di prova", lambda context, *, actor=None: {}))


# --- the worker process ------------------------------------------------------------------


def run_worker(args) -> None:
    """A `db_worker` that also knows the no-op kind. Settings come from the environment of the
    benchmark process that started it."""
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    register_noop()
    Path(args.ready_file).touch()
    call_command("db_worker", *WORKER_ARGS, "--worker-id", args.worker)


class Workers:
    """n worker processes, their stderr in files of `folder`; stopped with SIGTERM."""

    def __init__(self, n: int, folder: Path, tag: str):
        self.procs, self.logs = [], []
        for i in range(n):
            wid = f"{tag}-{i + 1}"
            ready = folder / f"{wid}.ready"
            log = folder / f"{wid}.log"
            self.logs.append(log)
            with log.open("w") as err:
                self.procs.append(
                    subprocess.Popen(
                        [sys.executable, __file__, "--worker", wid, "--ready-file", str(ready)],
                        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                        cwd=ROOT,
                        stdout=subprocess.DEVNULL,
                        stderr=err,
                    )
                )
            deadline = time.monotonic() + 60
            while not ready.exists():
                if self.procs[-1].poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"worker {wid} did not start: {log.read_text()[-2000:]}")
                time.sleep(0.05)
        time.sleep(0.5)  # past call_command's own start-up, into the polling loop

    def cpu_seconds(self) -> float:
        """User + system CPU seconds the worker processes have used so far (Linux /proc)."""
        total = 0
        for proc in self.procs:
            fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> dict:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        text = "\n".join(log.read_text() for log in self.logs)
        # django_tasks logs every task at INFO: keep the warnings and errors.
        lines = [
            x
            for x in text.splitlines()
            if any(w in x for w in ("WARNING", "ERROR", "Traceback", "locked"))
            and "shutting down" not in x
        ]
        return {
            "problems": len(lines),
            "locked": sum("locked" in x for x in lines),
            "tracebacks": text.count("Traceback"),
            "sample": lines[:3],
        }


# --- helpers of the benchmark process ----------------------------------------------------


def make_user():
    from ambito.core.models import User
    from ambito.core.roles import role_group
    from ambito.territory.models import Zone

    zone = Zone.objects.create(code="bench", name="Zona bench", kind="sds", region="Toscana")
    user = User.objects.create(username="bench", zone=zone)
    user.groups.add(role_group("coordinator"))
    return user


def wait_finished(pks, timeout: float, poll: float) -> tuple[int, float]:
    """Poll until the jobs `pks` are all finished; (finished count, perf_counter when seen)."""
    from ambito.jobs.models import FINISHED, Job

    deadline = time.perf_counter() + timeout
    while True:
        done = Job.objects.filter(pk__in=pks, status__in=FINISHED).count()
        now = time.perf_counter()
        if done == len(pks) or now > deadline:
            return done, now
        time.sleep(poll)


def ms(values) -> dict:
    if not values:
        return {"p50": None, "p95": None, "max": None}
    return {
        "p50": statistics.median(values),
        "p95": percentile(values, 95),
        "max": max(values),
    }


class Writer(threading.Thread):
    """Another user's small save every 100 ms, in its own transaction: `zone` writes an audit
    row of the zone (log_event: foreign keys to the zone and the user), `plain` a row with no
    foreign key (a Job with neither zone nor user). Records (epoch seconds at the start,
    seconds it took, error or "")."""

    def __init__(self, what: str, user, stopped: threading.Event):
        super().__init__(daemon=True, name=f"bench-writer-{what}")
        self.what, self.user, self.stopped = what, user, stopped
        self.writes: list[tuple[float, float, str]] = []

    def write(self) -> None:
        from ambito.core.audit import log_event
        from ambito.jobs.models import Job

        if self.what == "zone":
            log_event(user=self.user, obj=self.user.zone, note="bench writer")
        else:
            Job.objects.create(kind=NOOP, title="scrittura concorrente", status="done")

    def run(self) -> None:
        from django.db import OperationalError, connection, transaction

        try:
            while not self.stopped.is_set():
                start, wall = time.time(), time.perf_counter()
                error = ""
                try:
                    with transaction.atomic():
                        self.write()
                except OperationalError as exc:
                    error = f"{type(exc).__name__}: {str(exc)[:60]}"
                self.writes.append((start, time.perf_counter() - wall, error))
                self.stopped.wait(0.1)
        finally:
            connection.close()


def run_writer(args) -> None:
    """The concurrent writers, in a process of their own (in the importing process their
    threads would slow the import itself, through the GIL): until the stop file appears, then
    their writes as JSON in the output file."""
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from ambito.core.models import User

    user = User.objects.select_related("zone").get(username="bench")
    stopped = threading.Event()
    threads = [Writer(what, user, stopped) for what in ("zone", "plain")]
    for thread in threads:
        thread.start()
    Path(args.ready_file).touch()
    stop = Path(args.writer)
    while not stop.exists():
        time.sleep(0.05)
    stopped.set()
    for thread in threads:
        thread.join(timeout=60)
    Path(args.out).write_text(json.dumps({t.what: t.writes for t in threads}))


class Writers:
    def __init__(self, folder: Path):
        self.stop_file = folder / "writer.stop"
        self.out = folder / "writer.json"
        ready = folder / "writer.ready"
        self.log = folder / "writer.log"
        with self.log.open("w") as err:
            self.proc = subprocess.Popen(
                [sys.executable, __file__, "--writer", str(self.stop_file), "--out", str(self.out)]
                + ["--ready-file", str(ready)],
                env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
        deadline = time.monotonic() + 60
        while not ready.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"writer did not start: {self.log.read_text()[-2000:]}")
            time.sleep(0.05)

    def stop(self) -> dict:
        self.stop_file.touch()
        try:
            self.proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if not self.out.exists():
            return {}
        return json.loads(self.out.read_text())


def writer_figures(writes, since: float = 0.0, until: float = float("inf")) -> dict:
    rows = [w for w in writes if since <= w[0] <= until]
    waits = [w[1] * 1000 for w in rows]
    errors = [w[2] for w in rows if w[2]]
    return {
        "writes": len(rows),
        **ms(waits),
        "over_1s": sum(w > 1000 for w in waits),
        "errors": len(errors),
        "error_sample": errors[:1],
    }


# --- the parts ---------------------------------------------------------------------------


def part_latency(args, tmp: Path) -> dict:
    from ambito.jobs.models import Job
    from ambito.jobs.services import job_start

    register_noop()
    user = make_user()
    rng = random.Random(args.seed)
    workers = Workers(1, tmp, "lat")
    try:
        for _ in range(3):  # warm-up: the worker's first queries and imports
            job = job_start(actor=user, kind=NOOP, title="riscaldamento", params={})
            wait_finished([job.pk], 30, 0.005)
        walls, pickups, runs, statuses = [], [], [], []
        for _ in range(args.jobs):
            time.sleep(rng.uniform(0, 0.1))  # any phase of the worker's 100 ms poll
            start = time.perf_counter()
            job = job_start(actor=user, kind=NOOP, title="prova", params={})
            _, seen = wait_finished([job.pk], 30, 0.005)
            walls.append((seen - start) * 1000)
            job.refresh_from_db()
            statuses.append(job.status)
            if job.started_at and job.finished_at:
                pickups.append((job.started_at - job.created_at).total_seconds() * 1000)
                runs.append((job.finished_at - job.started_at).total_seconds() * 1000)
    finally:
        log = workers.stop()
    return {
        "jobs": args.jobs,
        "wall": ms(walls),
        "pickup": ms(pickups),
        "run": ms(runs),
        "done": statuses.count("done"),
        "log": log,
        "total_jobs": Job.objects.count(),
    }


def burst(args, tmp: Path, user, n_workers: int) -> dict:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from ambito.jobs.models import Job
    from ambito.jobs.services import job_start

    workers = Workers(n_workers, tmp, f"burst{n_workers}")
    try:
        start = time.perf_counter()
        with transaction.atomic():
            jobs = [
                job_start(actor=user, kind=NOOP, title=f"prova {i}", params={})
                for i in range(args.burst)
            ]
        committed = time.perf_counter()
        pks = [j.pk for j in jobs]
        finished, seen = wait_finished(pks, 240, 0.05)
    finally:
        log = workers.stop()
    qs = Job.objects.filter(pk__in=pks)
    statuses = {s: qs.filter(status=s).count() for s in ("done", "failed", "queued", "running")}
    tasks = DBTaskResult.objects.filter(id__in=[j.task_id for j in jobs])
    task_statuses = {}
    per_worker = {}
    for status, worker_ids in tasks.values_list("status", "worker_ids"):
        task_statuses[status] = task_statuses.get(status, 0) + 1
        for wid in worker_ids:
            per_worker[wid] = per_worker.get(wid, 0) + 1
    drain = seen - committed
    return {
        "workers": n_workers,
        "jobs": args.burst,
        "queue_s": committed - start,
        "drain_s": drain,
        "finished": finished,
        "jobs_per_s": finished / drain if drain else None,
        "statuses": statuses,
        "task_statuses": task_statuses,
        "per_worker": per_worker,
        "attempts_over_1": qs.filter(attempts__gt=1).count(),
        "log": log,
    }


def part_throughput(args, tmp: Path) -> dict:
    register_noop()
    user = make_user()
    return {"bursts": [burst(args, tmp, user, n) for n in (1, 2)]}


def part_import(args, tmp: Path, *, inline: bool) -> dict:
    from bench_import import build
    from django.db import transaction

    from ambito.jobs.models import FINISHED, Job
    from ambito.jobs.services import job_start
    from ambito.measures.importer import commit_import, plan_import
    from ambito.measures.jobs import KIND, store_upload
    from ambito.measures.models import Application, Measure

    t = time.perf_counter()
    zone, user, content = build(SimpleNamespace(rows=args.rows), random.Random(args.seed))
    build_s = time.perf_counter() - t
    workers = None if inline else Workers(1, tmp, "import")
    writers = Writers(tmp)
    result = {"rows": args.rows, "build_s": build_s, "mode": "inline" if inline else "job"}
    writes = {}
    try:
        time.sleep(1)  # a few writes with nobody else writing, as a baseline
        epoch0 = time.time()
        start = time.perf_counter()
        cpu = workers.cpu_seconds if workers else time.process_time
        cpu_start = cpu()
        if inline:
            plan = plan_import(
                zone=zone,
                measure=Measure.objects.get(code="ADI"),
                file_name="elenco.csv",
                content=content,
            )
            write_start = time.perf_counter()
            cpu_write = cpu()
            with transaction.atomic():
                outcome = commit_import(actor=user, plan=plan)
            end = time.perf_counter()
            cpu_end = cpu()
            result.update(status="done", created=outcome.created, cases=outcome.cases_opened)
        else:
            upload = store_upload([content])
            job = job_start(
                actor=user,
                kind=KIND,
                title="Importazione bench",
                params={"upload": upload, "file_name": "elenco.csv", "measure": "ADI", "names": {}},
            )
            write_start = cpu_write = None
            deadline = start + 300
            while time.perf_counter() < deadline:
                status, phase = Job.objects.filter(pk=job.pk).values_list("status", "phase")[0]
                if write_start is None and phase.startswith("Scrittura"):
                    write_start, cpu_write = time.perf_counter(), cpu()
                if status in FINISHED:
                    break
                time.sleep(0.02)
            end = time.perf_counter()
            cpu_end = cpu()
            job.refresh_from_db()
            result.update(
                status=job.status,
                error=job.error,
                created=job.result.get("created"),
                cases=job.result.get("cases_opened"),
                pickup_ms=(job.started_at - job.created_at).total_seconds() * 1000
                if job.started_at
                else None,
            )
            write_start = write_start or end
            cpu_write = cpu_write or cpu_end
        time.sleep(0.3)
    finally:
        writes = writers.stop()
        if workers:
            result["log"] = workers.stop()

    def epoch(t: float) -> float:
        return epoch0 + (t - start)

    result.update(
        check_cpu_s=cpu_write - cpu_start,
        write_cpu_s=cpu_end - cpu_write,
        check_s=write_start - start,
        write_s=end - write_start,
        total_s=end - start,
        applications=Application.objects.count(),
        writers={
            what: {
                "before": writer_figures(rows, 0, epoch0),
                "check": writer_figures(rows, epoch0, epoch(write_start)),
                "write": writer_figures(rows, epoch(write_start), epoch(end)),
            }
            for what, rows in writes.items()
        },
    )
    return result


def run_backend(args) -> None:
    with backend_session(
        backend=args.backend, postgres=args.postgres, scratch_db=SCRATCH_DB
    ) as tmp:
        from django.db import connections

        print(f"[{args.backend}] {args.part}...", flush=True)
        if args.part == "latency":
            figures = part_latency(args, tmp)
        elif args.part == "throughput":
            figures = part_throughput(args, tmp)
        else:
            figures = part_import(args, tmp, inline=args.part == "inline")
        connections.close_all()
        print(
            "RESULT " + json.dumps({"backend": args.backend, "part": args.part, **figures}),
            flush=True,
        )


# --- the parent: one process per backend and part, then the tables -----------------------


def run_all(args) -> list[dict]:
    results = []
    for backend in ["sqlite"] + (["postgres"] if args.postgres else []):
        for part in PARTS:
            cmd = [sys.executable, __file__, "--backend", backend, "--part", part, *sys.argv[1:]]
            load = os.getloadavg()[0]
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
            got = False
            for line in proc.stdout:
                if line.startswith("RESULT "):
                    results.append({**json.loads(line[7:]), "load": load})
                    got = True
                else:
                    print(line, end="", flush=True)
            proc.wait()
            print(f"[{backend}] {part}: {time.perf_counter() - start:.0f} s, load {load:.2f}")
            if not got:
                print(f"[{backend}] {part}: no result (exit {proc.returncode})")
    return results


def f(value, fmt=".0f") -> str:
    return "-" if value is None else format(value, fmt)


def print_tables(results: list[dict]) -> None:
    by = {(r["backend"], r["part"]): r for r in results}
    backends = list(dict.fromkeys(r["backend"] for r in results))
    print("\n1. Latenza: job_start -> fatto, un esecutore (interval 0.1 s), ms")
    print(f"{'backend':<10}{'lavori':>7}{'p50':>8}{'p95':>8}{'max':>8}"
          f"{'coda p50':>10}{'coda p95':>10}{'esec. p50':>11}{'fatti':>7}{'load':>7}")  # fmt: skip
    for b in backends:
        r = by.get((b, "latency"))
        if r:
            print(
                f"{b:<10}{r['jobs']:>7}{f(r['wall']['p50']):>8}{f(r['wall']['p95']):>8}"
                f"{f(r['wall']['max']):>8}{f(r['pickup']['p50']):>10}{f(r['pickup']['p95']):>10}"
                f"{f(r['run']['p50'], '.1f'):>11}{r['done']:>7}{r['load']:>7.2f}"
            )
    print("\n2. Produttività: lavori accodati in una transazione, smaltiti da 1 e 2 esecutori")
    print(f"{'backend':<10}{'esec.':>6}{'lavori':>7}{'accodati s':>11}{'smaltiti s':>11}"
          f"{'lavori/s':>9}{'fatti':>6}{'falliti':>8}{'ripetuti':>9}{'locked':>7}"
          f"{'traceb.':>8}  per esecutore")  # fmt: skip
    for b in backends:
        r = by.get((b, "throughput"))
        for x in r["bursts"] if r else []:
            print(
                f"{b:<10}{x['workers']:>6}{x['jobs']:>7}{x['queue_s']:>11.1f}{x['drain_s']:>11.1f}"
                f"{f(x['jobs_per_s'], '.1f'):>9}{x['statuses']['done']:>6}"
                f"{x['statuses']['failed']:>8}{x['attempts_over_1']:>9}{x['log']['locked']:>7}"
                f"{x['log']['tracebacks']:>8}  {x['per_worker']}"
            )
            if x["log"]["sample"]:
                print(f"{'':<10}log: {x['log']['sample']}")
    rows = next((r["rows"] for r in results if "rows" in r), 0)
    print(f"\n3. Importazione INPS ({rows:,} righe): come lavoro (esecutore) e in linea (questo "
          "processo), s")  # fmt: skip
    print(f"{'backend':<10}{'modo':<8}{'verifica':>9}{'scrittura':>10}{'totale':>8}"
          f"{'CPU verifica':>13}{'CPU scrittura':>14}{'attesa in coda ms':>18}{'stato':>7}"
          f"{'load':>7}")  # fmt: skip
    for b in backends:
        for part in ("import", "inline"):
            r = by.get((b, part))
            if r:
                print(
                    f"{b:<10}{r['mode']:<8}{r['check_s']:>9.1f}{r['write_s']:>10.1f}"
                    f"{r['total_s']:>8.1f}{r['check_cpu_s']:>13.1f}{r['write_cpu_s']:>14.1f}"
                    f"{f(r.get('pickup_ms')):>18}{r['status']:>7}"
                    f"{r['load']:>7.2f}"
                )
        job, inline = by.get((b, "import")), by.get((b, "inline"))
        if job and inline:
            cpu_job = job["check_cpu_s"] + job["write_cpu_s"]
            cpu_inline = inline["check_cpu_s"] + inline["write_cpu_s"]
            print(
                f"{b:<10}costo del lavoro: {job['total_s'] - inline['total_s']:+.1f} s di tempo, "
                f"{cpu_job - cpu_inline:+.1f} s di CPU"
            )
    print("\n   Scrittore concorrente (un altro processo, una scrittura ogni 100 ms): 'zona' = una"
          " riga del registro modifiche dell'ambito (FK all'ambito), 'senza FK' = un Job senza"
          " ambito né utente; attesa in ms")  # fmt: skip
    print(f"{'backend':<10}{'modo':<8}{'scrittore':<10}{'fase':<10}{'scritture':>10}{'p50':>8}"
          f"{'max':>8}{'> 1 s':>7}{'errori':>7}")  # fmt: skip
    for b in backends:
        for part in ("import", "inline"):
            r = by.get((b, part))
            for what, label in (("zone", "zona"), ("plain", "senza FK")):
                phases = (r or {}).get("writers", {}).get(what)
                for phase in ("before", "check", "write") if phases else ():
                    w = phases[phase]
                    name = {"before": "prima", "check": "verifica", "write": "scrittura"}[phase]
                    print(
                        f"{b:<10}{r['mode']:<8}{label:<10}{name:<10}{w['writes']:>10}"
                        f"{f(w['p50'], '.1f'):>8}{f(w['max']):>8}{w['over_1s']:>7}"
                        f"{w['errors']:>7}"
                    )
                    if w["error_sample"]:
                        print(f"{'':<38}errore: {w['error_sample'][0]}")


def main() -> None:
    args = parse_args()
    if args.worker:
        run_worker(args)
        return
    if args.writer:
        run_writer(args)
        return
    if args.backend:
        run_backend(args)
        return
    started = time.perf_counter()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, "
          f"{os.cpu_count()} CPU")  # fmt: skip
    results = run_all(args)
    print_tables(results)
    print(f"\ntotale {time.perf_counter() - started:.0f} s; load average alla fine: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
    Path(os.environ.get("BENCH_JOBS_JSON", "/dev/null")).write_text(json.dumps(results))


if __name__ == "__main__":
    main()
