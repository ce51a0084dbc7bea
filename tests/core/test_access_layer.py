"""The access-control layer holds everywhere (issue 14): every zone-owned model declares its
scoping, no view or API filters by the user's zone by hand, and a refusal is the same on
pages and API."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from ambito.core.permissions import NotAllowed, allowed, require
from ambito.core.scoping import ScopedQuerySet

SRC = Path(__file__).resolve().parents[2] / "src" / "ambito"

# Zone-owned models that no user reads row by row: the accounts themselves (managed in the
# admin), the history table of the charter, and two read models of figures (their rows are
# counts and dates, read only by the monitoring engine for a scope it has checked).
NOT_READ_BY_ROW = {
    "core.User",
    "core.Membership",
    "catalog.HistoricalService",
    "access.ContactTally",
    "cases.CaseMilestones",
}


def zone_owned_models():
    for model in apps.get_models():
        if not model.__module__.startswith("ambito"):
            continue
        if any(field.name == "zone" for field in model._meta.get_fields()):
            yield model


def test_every_zone_owned_model_declares_its_scoping():
    missing = [
        model._meta.label
        for model in zone_owned_models()
        if model._meta.label not in NOT_READ_BY_ROW
        and not (
            hasattr(model, "scoping") and isinstance(model._default_manager.all(), ScopedQuerySet)
        )
    ]
    assert missing == []


def _is_user_zone(node: ast.AST) -> bool:
    """`request.user.zone`, `request.user.zone_id`, `user.zone`, `user.zone_id`."""
    if not isinstance(node, ast.Attribute) or node.attr not in ("zone", "zone_id"):
        return False
    owner = node.value
    if isinstance(owner, ast.Name):
        return owner.id in ("user", "actor")
    return isinstance(owner, ast.Attribute) and owner.attr == "user"


def inline_zone_filters(path: Path, root: Path = SRC) -> list[str]:
    """Keyword arguments (filters, selectors' zone_id=..., lists of zone ids) bound to the
    user's zone: the scoping the layer should give."""
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.keyword):
            continue
        values = node.value.elts if isinstance(node.value, ast.List | ast.Tuple) else [node.value]
        if any(_is_user_zone(value) for value in values):
            found.append(f"{path.relative_to(root)}:{node.value.lineno} {node.arg}=")
    return found


def views_and_apis() -> list[Path]:
    names = ("views.py", "api.py")
    return sorted(
        path
        for path in SRC.rglob("*.py")
        if path.name in names or path.name.endswith(("_views.py", "_api.py"))
    )


def test_no_view_or_api_filters_by_the_users_zone_by_hand():
    left = [finding for path in views_and_apis() for finding in inline_zone_filters(path)]
    assert left == []


def test_the_finder_of_inline_filters_finds_them(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text(
        "def v(request):\n"
        "    Plan.objects.filter(zone_id=request.user.zone_id)\n"
        "    report(zone_ids=[user.zone_id])\n"
        "    Service.objects.visible_to(request.user)\n"
    )
    findings = inline_zone_filters(sample, root=tmp_path)
    assert [finding.split(" ")[1] for finding in findings] == ["zone_id=", "zone_ids="]


@pytest.mark.django_db
def test_a_user_with_no_zone_is_refused_whatever_they_hold(zone_a):
    from tests.factories import UserFactory

    nomad = UserFactory(username="nomade", zone=None, roles=["zone_admin"])
    assert nomad.has_perm("registry.view_person")
    assert not allowed(nomad, "registry.view_person")
    with pytest.raises(NotAllowed) as refusal:
        require(nomad, "registry.view_person")
    assert refusal.value.status_code == 403


@pytest.mark.django_db
def test_a_hidden_refusal_is_a_404_on_pages_and_in_the_api(client, social_worker_a, zone_b):
    from ambito.catalog.models import Service
    from tests.factories import PersonFactory

    other = PersonFactory(zone=zone_b, residence_municipality__zone=zone_b)
    client.force_login(social_worker_a)
    assert client.get(f"/anagrafe/persone/{other.uuid}/").status_code == 404
    api = client.get(f"/api/v1/persons/{other.uuid}")
    assert (api.status_code, api.json()) == (404, {"detail": "Non trovato."})
    assert not Service.objects.visible_to(social_worker_a).filter(zone=zone_b).exists()
