from django.apps import AppConfig


class XCounterConfig(AppConfig):
    name = "xcounter"
    verbose_name = "XCounter"

    def ready(self):
        from xcounter import checks  # noqa: F401  (registers the deployment checks)
