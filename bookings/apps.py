from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Bookings and tickets"

    def ready(self):
        from bookings import receivers

        receivers.connect()
