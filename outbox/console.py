"""The development mail backend (EMAIL_URL=consolemail://, the default): each mail as who it goes
to, its subject and its plain text. The HTML copy and the attachments are only named, so the
console stays readable (Django's own console backend prints every PDF byte)."""

import sys
import threading

from django.core.mail.backends.base import BaseEmailBackend
from django.utils.html import strip_tags


def _attachment_names(message) -> list[str]:
    names = []
    for attachment in message.attachments:
        if isinstance(attachment, tuple):  # (filename, content, mimetype)
            names.append(attachment[0] or "unnamed")
        else:  # a MIME part
            names.append(attachment.get_filename() or "unnamed")
    return names


def render(message) -> str:
    """One mail as the console shows it."""
    text = message.body
    if getattr(message, "content_subtype", "plain") == "html":
        text = strip_tags(text)
    also = ["HTML copy"] if any(mimetype == "text/html" for _, mimetype in getattr(message, "alternatives", [])) else []
    also += _attachment_names(message)
    lines = [
        "─" * 72,
        f"To: {', '.join(message.recipients())}",
        f"Subject: {message.subject}",
        *([f"Not shown: {', '.join(also)}"] if also else []),
        "",
        text.strip(),
        "─" * 72,
        "",
    ]
    return "\n".join(lines)


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args, stream=None, **kwargs):
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()  # the dev server's threads print whole mails, not halves
        super().__init__(*args, **kwargs)

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        with self._lock:
            for message in email_messages:
                self.stream.write(render(message))
            self.stream.flush()
        return len(email_messages)
