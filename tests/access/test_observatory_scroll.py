"""The observatory's scrolling tables can be reached by keyboard (issue 15, axe
"scrollable-region-focusable", serious): every scroll container is focusable and named."""

import re

from django.urls import reverse

from tests.conftest import login

from .test_observatory_periods import two_years  # noqa: F401 (fixture)


def test_every_scroll_container_is_focusable_and_named(client, planner, two_years):  # noqa: F811
    html = login(client, planner).get(reverse("observatory:report"), {"anno": "2026"})
    containers = re.findall(r'<div class="table-responsive"[^>]*>', html.content.decode())
    assert containers
    for tag in containers:
        assert 'tabindex="0"' in tag and 'role="region"' in tag
        assert "aria-labelledby=" in tag or "aria-label=" in tag
