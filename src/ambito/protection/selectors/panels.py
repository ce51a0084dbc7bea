"""This app's section on a case's page (cases/panels.py)."""


def case_panel(user, case, writable: bool) -> dict | None:
    """The context of the app's _case_panel.html, or None when the user may not see it."""
    return None


def my_work_panel(user) -> dict | None:
    """The court deadlines of the user's cases on "Il mio lavoro" (None: nothing to show)."""
    return None
