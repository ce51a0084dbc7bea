from django import template
from django.urls import NoReverseMatch, reverse

from ambito.territory.selectors import format_euro

register = template.Library()


@register.simple_tag
def request_url(zone) -> str:
    """The citizens' request form of the zone (built by the access app)."""
    try:
        return reverse("access_public:request", args=[zone.code])
    except NoReverseMatch:
        return f"/carta/{zone.code}/richiesta/"


@register.filter
def euro(value) -> str:
    if value is None or value == "":
        return ""
    return format_euro(value)
