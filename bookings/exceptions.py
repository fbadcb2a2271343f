class BookingError(Exception):
    """A booking action was refused; the message is for the person at the screen or counter."""


class SeatsTaken(BookingError):
    """Someone else holds or bought a chosen seat first."""
