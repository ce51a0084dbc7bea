"""This app's section on a case's page (cases/panels.py)."""


def case_panel(user, case, writable: bool) -> dict | None:
    """The context of templates/district/_case_panel.html, or None when the user may not see it."""
    return None
