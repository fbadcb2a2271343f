"""Booking references people read out (XC-7K3M9Q) and ticket codes nobody can guess."""

import secrets

# No 0/O, 1/I/L: codes are read aloud at the counter and typed at the door.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def booking_reference() -> str:
    return "XC-" + "".join(secrets.choice(ALPHABET) for _ in range(6))


def ticket_code() -> str:
    """12 characters, about 59 bits: unguessable, short enough to type."""
    return "".join(secrets.choice(ALPHABET) for _ in range(12))


def normalise_ticket_code(typed: str) -> str:
    return "".join(c for c in typed.upper() if c.isalnum())


def pretty_ticket_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
