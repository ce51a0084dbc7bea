"""The crawl's targets of the rsa app (tests/crawl/objects.py, REGISTER_APPS).

Entries: (prefix after the app's URL prefix, "app_label.Model") or (prefix, model, parameter)
when the object's uuid parameter is not called `uuid`. PAGES match page routes
`<app prefix>/<prefix>/<uuid:uuid>/...`, API match `<app prefix>/<prefix>/{uuid}...` under
/api/v1/. Longer prefixes first."""

PAGES: tuple[tuple[str, ...], ...] = (
    ("strutture", "rsa.Structure"),
    ("domande", "rsa.Application"),
    ("offerte", "rsa.Offer"),
)
API: tuple[tuple[str, ...], ...] = (
    ("strutture", "rsa.Structure"),
    ("domande", "rsa.Application"),
    ("offerte", "rsa.Offer"),
)
