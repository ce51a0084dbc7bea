"""The sections other apps add to a case's page and to "Il mio lavoro", declared as data.

The case page and the worker's home belong to the cases app; what the registers and district
services (issue 19) show there belongs to them. Each entry names a template and a function
`(user, case, writable) -> dict | None` (case page) or `(user) -> dict | None` (my work) that
returns the template's context, or None when the user may not see the section: the cases app
calls them without importing the other apps at load time, and knows nothing of their rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Panel:
    template: str
    context: str  # "module:function"

    def render_context(self, *args) -> dict | None:
        module, function = self.context.split(":")
        return getattr(import_module(module), function)(*args)


# In the order they appear, after the case's interventions and titoli sociali.
CASE_PANELS = (
    Panel("protection/_case_panel.html", "ambito.protection.selectors.panels:case_panel"),
    Panel("fostering/_case_panel.html", "ambito.fostering.selectors.panels:case_panel"),
    Panel("rsa/_case_panel.html", "ambito.rsa.selectors.panels:case_panel"),
    Panel("district/_case_panel.html", "ambito.district.selectors.panels:case_panel"),
)
# On "Il mio lavoro", after the hand-overs from the emergency service.
MY_WORK_PANELS = (
    Panel("protection/_my_work_panel.html", "ambito.protection.selectors.panels:my_work_panel"),
)


def case_panels(user, case, writable: bool) -> list[tuple[str, dict]]:
    """(template, context) of each section the user may see on this case's page."""
    shown = []
    for panel in CASE_PANELS:
        context = panel.render_context(user, case, writable)
        if context is not None:
            shown.append((panel.template, context))
    return shown


def my_work_panels(user) -> list[tuple[str, dict]]:
    shown = []
    for panel in MY_WORK_PANELS:
        context = panel.render_context(user)
        if context is not None:
            shown.append((panel.template, context))
    return shown
