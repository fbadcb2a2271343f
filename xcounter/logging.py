"""Log lines that say which request they belong to, as text or as one JSON object per line.

`LOG_FORMAT=json` (settings) gives a log collector one JSON object per line: time, level, logger,
message, the request's id, user id, method and path, and for the request line the status and the
duration; an error carries its traceback. RequestIdMiddleware (xcounter.middleware) sets the
request's context for the lines logged while it runs. gunicorn's config loads this module before
Django is set up: it reads no settings.
"""

import contextvars
import json
import logging
from datetime import UTC, datetime

from django.utils.functional import LazyObject, empty

# The request being served by this thread or task: request_id, method, path (user_id once known).
request_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("request_context", default=None)

# Record attributes a JSON line carries when present, in this order.
FIELDS = ("request_id", "user_id", "method", "path", "status", "duration_ms")


def user_id_of(request):
    """The signed-in user's id if this request already looked them up (never an extra query)."""
    user = getattr(request, "user", None)
    while isinstance(user, LazyObject):
        user = user._wrapped
        if user is empty:
            return None
    return getattr(user, "pk", None)


class RequestContextFilter(logging.Filter):
    """Gives every record logged during a request that request's id, method and path (and "-" as
    request_id outside a request, so a text format may always name it)."""

    def filter(self, record):
        for key, value in (request_context.get() or {}).items():
            if getattr(record, key, None) is None:
                setattr(record, key, value)
        if getattr(record, "user_id", None) is None and hasattr(record, "request"):
            record.user_id = user_id_of(record.request)  # Django's error records carry the request
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        # Django's own request records (django.request) carry the status as status_code.
        if getattr(record, "status", None) is None and hasattr(record, "status_code"):
            record.status = record.status_code
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line; an exception's traceback goes in "traceback", so a multi-line
    traceback is still one line of log."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            value = getattr(record, field, None)
            if value is not None and value != "-":
                entry[field] = value
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
