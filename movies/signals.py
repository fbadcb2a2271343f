"""Announcements from the catalog; notifications listen.

A published movie and a new show are sent inside the saving transaction, so their announcements
are written with them or not at all; a cancellation is sent after commit.
"""

from django.dispatch import Signal

movie_published = Signal()  # movie: a movie became visible to the public
show_scheduled = Signal()  # show: a new show is on sale
show_cancelled = Signal()  # show: a show was cancelled (its bookings are the booking engine's)
