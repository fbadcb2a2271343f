from django.apps import AppConfig


class MoviesConfig(AppConfig):
    name = "movies"
    verbose_name = "Movies and shows"

    def ready(self):
        from movies import receivers

        receivers.connect()
