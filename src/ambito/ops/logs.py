"""Logging filters: nothing of a query string reaches the logs.

Django logs every 4xx and 5xx response (logger `django.request`, `django.security.*`) with the
request as an extra attribute; a JSON formatter writes its repr, `<WSGIRequest: GET
'/path?q=Rossi'>`, query string included, and a query string may hold a name typed in a search
box. This filter, on the console handler, replaces it with the method and the path."""

import logging


class RequestWithoutQueryString(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None and not isinstance(request, str):
            method = getattr(request, "method", "") or ""
            path = getattr(request, "path", "") or ""
            record.request = f"{method} {path}".strip()
        return True
