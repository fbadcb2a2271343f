from django.contrib import admin
from django.db import models

from movies.models import Auditorium, Genre, Movie, Seat, Show
from movies.posters import PosterField


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Movie)
class MovieAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "release_date", "duration_minutes", "age_rating", "language"]
    list_filter = ["status", "genres", "age_rating"]
    search_fields = ["title", "synopsis"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["genres"]
    date_hierarchy = "release_date"
    formfield_overrides = {
        models.ImageField: {"form_class": PosterField},  # the same poster checks as the site's form
        models.URLField: {"assume_scheme": "https"},
    }

    def has_delete_permission(self, request, obj=None):
        # A movie with shows is archived, never deleted (the database refuses too).
        return super().has_delete_permission(request, obj) and (obj is None or not obj.shows.exists())


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    fields = ["row", "number", "category", "grid_row", "grid_column"]
    readonly_fields = ["row", "number", "grid_row", "grid_column"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # layouts are edited on the site's layout page, which protects sold seats


@admin.register(Auditorium)
class AuditoriumAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]
    inlines = [SeatInline]


@admin.register(Show)
class ShowAdmin(admin.ModelAdmin):
    """Read-mostly: shows are scheduled and moved through the site, where overlaps are checked."""

    list_display = ["movie", "auditorium", "starts_at", "ends_at", "status", "price_standard"]
    list_filter = ["status", "auditorium"]
    search_fields = ["movie__title"]
    date_hierarchy = "starts_at"
    list_select_related = ["movie", "auditorium"]
    readonly_fields = ["movie", "auditorium", "starts_at", "ends_at", "blocked_until", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False
