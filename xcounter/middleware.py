"""Site-wide request checks and response headers that belong to no single app."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import UnreadablePostError

from xcounter.logging import request_context, user_id_of
from xcounter.parsing import has_control_characters


class ControlCharacters(SuspiciousOperation):
    """A URL or a value held a NUL or another control character (answered 400, logged as security)."""


def _dirty(values) -> bool:
    return any(
        has_control_characters(key, in_text=True) or any(has_control_characters(v, in_text=True) for v in items)
        for key, items in values.lists()
    )


class RejectControlCharactersMiddleware:
    """Refuse control characters at the edge, once for every URL, query and form.

    No page takes them, and PostgreSQL answers NUL in a query with an error (a 500 wherever a value
    reaches the database). The path may hold none; query and form values may hold tab, CR and LF.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request.path) or _dirty(request.GET):
            raise ControlCharacters("Control character in the URL")
        if request.method == "POST":
            try:
                form = request.POST
            except UnreadablePostError:  # a broken upload: the CSRF check and the view deal with it
                form = None
            if form is not None and _dirty(form):
                raise ControlCharacters("Control character in a form value")
        return self.get_response(request)


# --- Response headers that Django's SecurityMiddleware does not set ---------------------------


def permissions_policy(features: dict[str, list[str]]) -> str:
    """`{"camera": [], "fullscreen": ["self"]}` → `camera=(), fullscreen=(self)`; origins are quoted."""

    def allowlist(origins):
        return " ".join(origin if origin in ("self", "*") else f'"{origin}"' for origin in origins)

    return ", ".join(f"{feature}=({allowlist(origins)})" for feature, origins in features.items())


class PermissionsPolicyMiddleware:
    """Sets Permissions-Policy from settings.PERMISSIONS_POLICY on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


# --- Request ids and the request log line ------------------------------------------------------

REQUEST_ID_HEADER = "X-Request-ID"
# An id from the proxy or load balancer in front (nginx sets one) is kept, so one id follows the
# request through every log; anything else is replaced, so a client cannot forge log lines with it.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
request_logger = logging.getLogger("xcounter.request")


class RequestIdMiddleware:
    """Gives each request an id (X-Request-ID in and out), puts it on every log line logged while
    the request runs, and logs one line per request (xcounter.request): method, path, status,
    duration, user id. Outermost, so redirects and refusals get an id too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = offered if _REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        context = {"request_id": request.request_id, "method": request.method, "path": request.path}
        token = request_context.set(context)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            context["user_id"] = user_id_of(request)
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={"status": response.status_code, "duration_ms": round((time.monotonic() - started) * 1000, 1)},
            )
            return response
        finally:
            request_context.reset(token)
