"""This app's section on a case's page (cases/panels.py): the case's RSA applications, their
status and positions, and a link to a new application."""

from ambito.core.permissions import allowed


def case_panel(user, case, writable: bool) -> dict | None:
    """The context of templates/rsa/_case_panel.html, or None when the user may not see it."""
    if not allowed(user, "rsa.view_application"):
        return None
    from ..models import Application, RankingRow

    applications = list(
        Application.objects.visible_to(user).filter(case=case).order_by("-submitted_on")
    )
    positions = {}
    for row in RankingRow.objects.filter(application__in=applications).select_related("structure"):
        positions.setdefault(row.application_id, []).append(row)
    for application in applications:
        application.ranking_rows = positions.get(application.pk, [])
    return {
        "applications": applications,
        "can_create": writable and allowed(user, "rsa.add_application"),
    }
