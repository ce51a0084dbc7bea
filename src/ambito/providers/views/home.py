"""The home of /erogatori/: the open schemes with their budget used, the deliveries waiting
for validation, the accreditations about to expire; a provider's operator goes to their
portal."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from ambito.core.permissions import allowed

from ..selectors import home as selectors
from ..services.common import is_manager


@login_required
def home(request):
    user = request.user
    if not allowed(user, "providers.view_voucherscheme"):
        raise PermissionDenied
    operator = getattr(user, "organisation_id", None) and not is_manager(user)
    if operator and allowed(user, "providers.add_delivery"):
        return redirect("providers:portal")
    expiring = []
    if allowed(user, "providers.view_zone_providers"):
        from ..selectors.accreditation import accreditations_expiring

        expiring = list(accreditations_expiring(zone_id=user.zone_id, within_days=60))
    to_validate = selectors.deliveries_to_validate(user)
    return render(
        request,
        "providers/home.html",
        {
            "schemes": selectors.open_schemes(user),
            "to_validate": to_validate,
            "live_vouchers": selectors.live_vouchers(user),
            "expiring": expiring,
            "is_manager": is_manager(user),
            "breadcrumbs": [("Erogatori e titoli sociali", None)],
        },
    )
