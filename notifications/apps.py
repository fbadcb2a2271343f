from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications and messages"

    def ready(self):
        from notifications import receivers

        receivers.connect()
