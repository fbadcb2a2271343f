"""The tiers the product documents set; Admins may edit them afterwards (they are data)."""

from decimal import Decimal

DEFAULT_TIERS = [("Silver", 100, Decimal("5")), ("Gold", 300, Decimal("10")), ("Platinum", 500, Decimal("20"))]
