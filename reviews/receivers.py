from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _catalog_changed(**kwargs):
    from movies.cache import catalog_changed

    transaction.on_commit(catalog_changed)


def connect():
    """A review written, moderated or deleted changes the movie page: its cached copy goes."""
    from reviews.models import Review

    post_save.connect(_catalog_changed, sender=Review, dispatch_uid="catalog-save-Review")
    post_delete.connect(_catalog_changed, sender=Review, dispatch_uid="catalog-delete-Review")
