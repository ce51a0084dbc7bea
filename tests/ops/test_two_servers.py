"""Two app servers, one installation: scripts/serve-region.sh starts two gunicorn app servers
(deploy/gunicorn.conf.py, two workers each) and a job worker on one database and the database
cache, as production does (DEBUG off, AMBITO_TESTING unset). A session opened on one server is
valid on the other, failed logins on both add up to one lockout, a document uploaded through
one is downloaded through the other, and each server's /metrics adds up its workers.

A scratch SQLite file, or a scratch PostgreSQL database when DATABASE_URL is PostgreSQL."""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

requests = pytest.importorskip("requests")
pytest.importorskip("gunicorn")

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "serve-region.sh"
PASSWORD = "password-di-prova-1"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + os.urandom(64)

# Run in a subprocess on the scratch database: migrate, then the cast of tests/cases
# (a social worker of municipality A managing a case, assigned by a coordinator).
SETUP = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from ambito.cases import services
    from tests.factories import (HouseholdMemberFactory, MunicipalityFactory,
        OrganisationFactory, PersonFactory, UserFactory, ZoneFactory)
    zone = ZoneFactory(code="zona-a", name="Zona A")
    municipality = MunicipalityFactory(zone=zone, istat_code="047014")
    organisation = OrganisationFactory(zone=zone, kind="municipality",
        municipality=municipality, name="Comune di Pistoia")
    worker = UserFactory(username="as_a", zone=zone, organisation=organisation,
        roles=["social_worker"], municipalities=[municipality])
    UserFactory(username="bloccata", zone=zone, roles=["social_worker"],
        municipalities=[municipality])
    coordinator = UserFactory(username="coord", zone=zone, roles=["coordinator"],
        municipalities=[municipality])
    person = PersonFactory(residence_municipality=municipality, last_name="Rossi",
        first_name="Mario", sex="M")
    HouseholdMemberFactory(household__municipality=municipality, person=person)
    case = services.case_open(actor=worker, person=person)
    services.case_assign(actor=coordinator, case=case, manager=worker)
    print("CASE", case.uuid)
    """
)


def free_port_pair() -> int:
    """A port p such that p and p + 1 are both free."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port >= 65000:
            continue
        try:
            with socket.socket() as a, socket.socket() as b:
                a.bind(("127.0.0.1", port))
                b.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue
    raise RuntimeError("no two consecutive free ports")


class ScratchDatabase:
    """A SQLite file in `folder`, or a new PostgreSQL database when DATABASE_URL is one."""

    def __init__(self, folder: Path):
        self.server_url = os.environ.get("DATABASE_URL", "")
        self.postgres = self.server_url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            self.name = f"ambito_two_servers_{secrets.token_hex(4)}"
            self.url = urlsplit(self.server_url)._replace(path=f"/{self.name}").geturl()
            self._admin(f'CREATE DATABASE "{self.name}"')
        else:
            self.url = f"sqlite:///{folder / 'ambito.sqlite3'}"

    def _admin(self, sql: str) -> None:
        import dj_database_url
        import psycopg

        config = dj_database_url.parse(self.server_url)
        with psycopg.connect(
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(sql)

    def drop(self) -> None:
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    if shutil.which("curl") is None:
        pytest.skip("scripts/serve-region.sh needs curl")
    folder = tmp_path_factory.mktemp("region")
    database = ScratchDatabase(folder)
    port = free_port_pair()
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        DATABASE_URL=database.url,
        AMBITO_VAR_DIR=str(folder),
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        AXES_FAILURE_LIMIT="3",
        LOG_FORMAT="plain",
        DJANGO_SETTINGS_MODULE="ambito.settings",
        PYTHONPATH=str(ROOT),
        AMBITO_PYTHON=sys.executable,
        AMBITO_APP_SERVERS="2",
        AMBITO_FIRST_PORT=str(port),
        AMBITO_WORKERS="1",
        AMBITO_RUN_DIR=str(folder / "run"),
        AMBITO_READY_TIMEOUT="60",
        GUNICORN_WORKERS="2",
    )
    try:
        setup = subprocess.run(
            [sys.executable, "-c", SETUP],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            # migrate from nothing: minutes on a loaded machine running the suite in parallel
            timeout=600,
        )
        assert setup.returncode == 0, setup.stderr[-3000:]
        case_uuid = re.search(r"^CASE (\S+)$", setup.stdout, re.M).group(1)
        started = subprocess.run(
            [str(SCRIPT), "start"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        try:
            if started.returncode != 0:
                logs = "".join(
                    path.read_text(errors="replace")[-2000:]
                    for path in sorted((folder / "run").glob("web-*.log"))
                )
                if "Booting worker" not in logs:
                    pytest.skip(f"gunicorn could not start: {started.stderr}\n{logs}")
                pytest.fail(f"serve-region.sh start failed: {started.stderr}\n{logs}")
            yield {
                "servers": [f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"],
                "case": case_uuid,
                "run": folder / "run",
            }
        finally:
            stopped = subprocess.run(
                [str(SCRIPT), "stop"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=90
            )
            assert stopped.returncode == 0, stopped.stderr
            assert not list((folder / "run").glob("*.pid"))
    finally:
        database.drop()


def login_page_token(session, server) -> str:
    response = session.get(f"{server}/account/login/", timeout=10)
    assert response.status_code == 200
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


def post_login(session, server, username, password):
    token = login_page_token(session, server)
    return session.post(
        f"{server}/account/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        allow_redirects=False,
        timeout=10,
    )


def test_a_session_opened_on_one_server_is_valid_on_the_other(region):
    one, two = region["servers"]
    session = requests.Session()
    response = post_login(session, one, "as_a", PASSWORD)
    assert response.status_code == 302, response.text[:500]
    assert "sessionid" in session.cookies
    home = session.get(f"{two}/", allow_redirects=False, timeout=10)
    assert home.status_code == 200
    # And a stranger's request to the same page on server two goes to the login.
    anonymous = requests.get(f"{two}/", allow_redirects=False, timeout=10)
    assert anonymous.status_code == 302 and "/account/login/" in anonymous.headers["Location"]


def test_failed_logins_on_both_servers_add_up_to_one_lockout(region):
    one, two = region["servers"]
    # AXES_FAILURE_LIMIT=3: two failures, one per server, are not enough...
    for server in (one, two):
        response = post_login(requests.Session(), server, "bloccata", "sbagliata-123")
        assert response.status_code == 200
        assert "Nome utente o password non corretti" in response.text
    # ...the third, on server one, locks the username from this address...
    third = post_login(requests.Session(), one, "bloccata", "sbagliata-123")
    assert "Accesso temporaneamente bloccato" in third.text
    # ...and server two refuses even the right password.
    refused = post_login(requests.Session(), two, "bloccata", PASSWORD)
    assert refused.status_code != 302
    assert "Accesso temporaneamente bloccato" in refused.text


def test_a_document_uploaded_through_one_server_is_downloaded_through_the_other(region):
    one, two = region["servers"]
    session = requests.Session()
    assert post_login(session, one, "as_a", PASSWORD).status_code == 302
    case_url = f"/cartelle/{region['case']}/"
    page = session.get(f"{one}{case_url}", timeout=10)
    assert page.status_code == 200
    title = f"ISEE {uuid.uuid4().hex[:6]}"
    upload = session.post(
        f"{one}{case_url}documenti/",
        data={
            "documento-kind": "isee",
            "documento-dated": "2026-01-15",
            "documento-title": title,
        },
        files={"documento-file": ("isee.pdf", PDF, "application/pdf")},
        headers={"X-CSRFToken": session.cookies["csrftoken"], "Referer": f"{one}{case_url}"},
        allow_redirects=False,
        timeout=20,
    )
    assert upload.status_code == 302, upload.text[:500]
    detail = session.get(f"{two}{case_url}", timeout=10).text
    links = set(re.findall(rf"{re.escape(case_url)}documenti/([0-9a-f-]{{36}})/", detail))
    assert len(links) == 1, links
    download = session.get(f"{two}{case_url}documenti/{links.pop()}/", timeout=10)
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.content == PDF


def test_each_server_adds_up_its_workers_metrics(region):
    one, _ = region["servers"]
    for _ in range(20):
        assert requests.get(f"{one}/healthz", timeout=10).text == "ok"
    text = requests.get(f"{one}/metrics", timeout=10).text
    count = re.search(
        r'django_http_requests_latency_seconds_by_view_method_count\{method="GET",'
        r'view="ops:healthz"\} (\S+)',
        text,
    )
    assert count and float(count.group(1)) == 20.0  # whichever of the 2 workers answered
    assert "ambito_jobs_queue_up 1.0" in text
    port = one.rsplit(":", 1)[1]
    assert list((region["run"] / f"metrics-{port}").glob("*.db"))


def test_the_script_runs_a_job_worker_and_the_scheduler(region):
    run = region["run"]
    names = {path.stem for path in run.glob("*.pid")}
    assert {"worker-1"} <= names
    from django.core.management import get_commands

    if "scheduler" in get_commands():
        assert "scheduler" in names
    for path in run.glob("*.pid"):
        os.kill(int(path.read_text()), 0)  # alive
