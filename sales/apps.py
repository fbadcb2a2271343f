from django.apps import AppConfig


class SalesConfig(AppConfig):
    name = "sales"
    verbose_name = "Sales figures"

    def ready(self):
        from sales import receivers

        receivers.connect()
