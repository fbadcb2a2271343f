from django.apps import AppConfig


class BoxofficeConfig(AppConfig):
    name = "boxoffice"
    verbose_name = "Box office cash-up"

    def ready(self):
        from boxoffice import receivers

        receivers.connect()
