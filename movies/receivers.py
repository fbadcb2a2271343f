from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


def _catalog_changed(**kwargs):
    from movies.cache import catalog_changed

    transaction.on_commit(catalog_changed)


def connect():
    """Any write to the catalog (services, Django admin, shell) invalidates its cached pages."""
    from movies.models import Auditorium, Genre, Movie, Seat, Show

    for model in (Genre, Movie, Auditorium, Seat, Show):
        post_save.connect(_catalog_changed, sender=model, dispatch_uid=f"catalog-save-{model.__name__}")
        post_delete.connect(_catalog_changed, sender=model, dispatch_uid=f"catalog-delete-{model.__name__}")
    m2m_changed.connect(_catalog_changed, sender=Movie.genres.through, dispatch_uid="catalog-genres")
