class CatalogError(Exception):
    """A catalog change was refused; the message is for the person who asked for it."""


class ScheduleError(CatalogError):
    """A show cannot take this slot (overlap, past start, archived movie, sold seats)."""
