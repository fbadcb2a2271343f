"""Reports written to files (`generate_monthly_report`): each written under a temporary name in
the same directory and renamed when complete, so a failure never leaves half a file behind; and
mailed to the Admins through the outbox when asked."""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from outbox.services import outbox_queue
from reporting import exports, links, pdf
from reporting.document import Document, Table
from users.models import Role, User

FILE_FORMATS = ("csv", "text", "pdf")
EXTENSIONS = {"csv": "csv", "text": "txt", "pdf": "pdf"}


def as_text(document: Document) -> str:
    """A plain-text report: the header, then each table in aligned columns."""
    out = [
        settings.THEATER_NAME,
        f"{document.title} · {document.period_label} ({document.period.first.isoformat()} to "
        f"{document.period.last.isoformat()})",
        f"Generated {pdf.format_when(document.generated_at)}",
        "",
    ]
    for table in document.tables:
        out += _text_table(table) + [""]
    return "\n".join(out)


def _text_table(table: Table) -> list[str]:
    grid = [[column.header for column in table.columns]]
    grid += [[pdf.text(value, column) for value, column in zip(row, table.columns, strict=True)] for row in table.rows]
    if table.total is not None:
        grid.append([pdf.text(value, column) for value, column in zip(table.total, table.columns, strict=True)])
    widths = [max(len(row[n]) for row in grid) for n in range(len(table.columns))]

    def line(row):
        return "  ".join(
            value.rjust(width) if column.numeric else value.ljust(width)
            for value, width, column in zip(row, widths, table.columns, strict=True)
        ).rstrip()

    lines = [table.title, "=" * len(table.title)]
    if table.note:
        lines.append(table.note)
    lines += [line(grid[0]), "-" * len(line(grid[0]))]
    lines += [line(row) for row in grid[1:-1]] if table.total is not None else [line(row) for row in grid[1:]]
    if table.total is not None:
        lines += ["-" * len(line(grid[0])), line(grid[-1])]
    return lines


def content(document: Document, file_format: str) -> bytes:
    if file_format == "pdf":
        return pdf.render(document)
    if file_format == "csv":
        return b"".join(exports.encoded(document))
    return as_text(document).encode("utf-8")


def file_name(document: Document, file_format: str) -> str:
    return links.filename(document, EXTENSIONS[file_format])


def write(document: Document, file_format: str, directory: Path) -> Path:
    """Write the report into `directory` (made if missing) atomically; the path written."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / file_name(document, file_format)
    data = content(document, file_format)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        # mkstemp makes the file private (0600); a report is for the accountant's account too.
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def mail_to_admins(documents: list[Document], file_format: str, *, subject: str) -> list[str]:
    """Queue a mail to every active Admin carrying these reports (built again when it is sent, for
    whoever is still an active Admin then); their addresses."""
    admins = list(User.objects.filter(role=Role.ADMIN, is_active=True).order_by("email").values_list("email", "pk"))
    period = documents[0].period
    spec = ":".join(
        [
            period.first.isoformat(),
            period.last.isoformat(),
            period.kind,
            file_format,
            ",".join(d.slug for d in documents),
        ]
    )
    names = ", ".join(file_name(document, file_format) for document in documents)
    with transaction.atomic():
        for address, user_id in admins:
            outbox_queue(
                to=address,
                subject=subject,
                body_text=f"Hello,\n\nattached: {names}.\n\n{settings.THEATER_NAME}\n",
                # The recipient's id: the mail is sent only if they are still an Admin by then.
                attachments=f"reporting.mail.generated_attachment:{spec}:{user_id}",
            )
    return [address for address, _ in admins]
