from movies import signals


def _show_cancelled(sender, show, **kwargs):
    from bookings.services import bookings_cancel_for_show

    bookings_cancel_for_show(show=show, by=show.cancelled_by)


def connect():
    signals.show_cancelled.connect(_show_cancelled, dispatch_uid="bookings-cancel-with-show")
