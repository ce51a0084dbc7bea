from .navigation import navigation_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "current_zone": None}
    return {"nav_items": navigation_for(user), "current_zone": user.zone}
