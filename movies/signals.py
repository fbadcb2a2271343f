"""Announcements from the catalog; the notification issue listens. Sent after commit."""

from django.dispatch import Signal

movie_published = Signal()  # movie: a movie became visible to the public
show_scheduled = Signal()  # show: a new show is on sale
show_cancelled = Signal()  # show: a show was cancelled (its bookings are the booking engine's)
