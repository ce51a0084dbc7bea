from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class ContentSecurityPolicyMiddleware:
    """Django 5.2 has no CSP support of its own (6.0 adds it): one header, set here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


def two_factor_pending(user) -> bool:
    """The user's roles require a verified TOTP device and this session has not verified one."""
    required = settings.AMBITO_2FA_REQUIRED_ROLES
    return bool(
        required and user.is_authenticated and not user.is_verified() and user.has_role(*required)
    )


class EnforceTwoFactorMiddleware:
    """Users holding a role listed in AMBITO_2FA_REQUIRED_ROLES must verify a TOTP device
    after the password before reaching any page but the two-factor pages and logout."""

    ALLOWED_PREFIXES = ("/account/2fa/", "/account/logout/", "/static/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and two_factor_pending(user)
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            target = reverse("core:two_factor")
            if request.method == "GET":
                # Back to the page asked for once the code is given: its path only (paths
                # hold opaque ids; a query string may hold a name typed in a search).
                target += "?" + urlencode({"next": request.path})
            return redirect(target)
        return self.get_response(request)


class NotAllowedMiddleware:
    """A hidden refusal (`NotAllowed(hide=True)`) is answered as if the object did not exist;
    any other refusal reaches Django's 403 handler (core.views.forbidden)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.http import Http404

        from .permissions import NotAllowed

        if isinstance(exception, NotAllowed) and exception.hide:
            raise Http404
        return None


class PrivateResponseMiddleware:
    """Personal data stays out of browser and proxy caches: every response to a logged-in user
    (or to a browser that carries a session), and every API response, is `no-store`. Static
    files are left alone; the public charter's pages to anonymous visitors keep their own
    caching. It sits before WhiteNoise and the session and authentication middleware, so it
    sees every response, their redirects included, and reads the user they set.

    Every response also gets a Permissions-Policy that turns off the browser features Ambito
    never uses (camera, microphone, location, payments, USB...), so an injected script or an
    embedded page cannot ask for them."""

    PERMISSIONS_POLICY = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        if self._private(request):
            from django.utils.cache import add_never_cache_headers, patch_cache_control

            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
            patch_cache_control(response, private=True)
        return response

    @staticmethod
    def _private(request) -> bool:
        if request.path.startswith(settings.STATIC_URL):
            return False
        if request.path.startswith("/api/"):
            return True
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return True
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)


class MembershipMiddleware:
    """The membership in use for this session (core/memberships.py), after authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            from . import memberships

            memberships.choose(user, request.session.get(memberships.SESSION_KEY))
        return self.get_response(request)
