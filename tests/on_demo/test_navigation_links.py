"""Every link of every demo role's home page and navigation opens (issue 15: admin.sistema's
home linked to pages that answer 403/404)."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from ambito.demo.accounts import DEMO_USERNAMES

SKIPPED_PREFIXES = ("/static/", "/account/logout/", "/media/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def internal_links(html: str) -> set[str]:
    parser = _Links()
    parser.feed(html)
    links = set()
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # external, mailto:, tel:, "#anchor", relative "?query"
        if parts.path.startswith(SKIPPED_PREFIXES):
            continue
        links.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def status_after_redirects(client, url: str) -> int:
    response = client.get(url, follow=True)
    return response.status_code


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_every_link_of_the_home_and_navigation_opens(client, as_role, username):
    as_role(client, username)
    home = client.get("/")
    assert home.status_code == 200
    broken = {}
    for url in sorted(internal_links(home.content.decode())):
        status = status_after_redirects(client, url)
        if status != 200:
            broken[url] = status
    assert not broken, f"{username}: {broken}"


def test_the_demo_commands_closing_line_names_the_port_served(demo, db, monkeypatch):
    """`make run PORT=8123` passes the port to `demo` too (the demo is loaded: it only
    prints the logins)."""
    from io import StringIO

    from django.core.management import call_command

    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("HOST", "127.0.0.1")
    out = StringIO()
    call_command("demo", stdout=out)
    assert "http://127.0.0.1:8123" in out.getvalue()
    assert ":8000" not in out.getvalue()
