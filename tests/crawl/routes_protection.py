"""The crawl's targets of the protection app (tests/crawl/objects.py, REGISTER_APPS).

Entries: (prefix after the app's URL prefix, "app_label.Model") or (prefix, model, parameter)
when the object's uuid parameter is not called `uuid`. PAGES match page routes
`<app prefix>/<prefix>/<uuid:uuid>/...`, API match `<app prefix>/<prefix>/{uuid}...` under
/api/v1/. Longer prefixes first."""

PAGES: tuple[tuple[str, ...], ...] = (
    ("cartelle", "cases.Case", "case"),
    ("provvedimenti", "protection.CourtOrder"),
    ("relazioni", "protection.SocialReport"),
    ("incontri", "protection.UvmMeeting"),
    ("modelli", "protection.ReportTemplate"),
    ("uvm", "protection.UvmTeam"),
)
API: tuple[tuple[str, ...], ...] = (
    ("provvedimenti", "protection.CourtOrder"),
    ("relazioni", "protection.SocialReport"),
)
