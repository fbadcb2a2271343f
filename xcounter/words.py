"""Words around numbers in messages built in Python (templates use `pluralize`)."""

from django.utils.translation import ngettext


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """(1, "ticket") → “1 ticket”, (3, "ticket") → “3 tickets”; `plural` for irregular words."""
    return f"{count} {ngettext(singular, plural or f'{singular}s', count)}"
