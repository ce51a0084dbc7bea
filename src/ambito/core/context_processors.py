from .memberships import zone_choices
from .navigation import navigation_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "current_zone": None, "zone_choices": []}
    choices = zone_choices(user)
    return {
        "nav_items": navigation_for(user),
        "current_zone": user.zone,
        # The switch appears only for users who work in more than one zone.
        "zone_choices": choices if len(choices) > 1 else [],
    }
