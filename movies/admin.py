from django.contrib import admin

from movies import services
from movies.exceptions import CatalogError
from movies.forms import MovieForm
from movies.models import Auditorium, Genre, Movie, Seat, Show
from xcounter.admin_tools import ReadOnlyAdmin, run_service, with_reason


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        services.genre_save(genre=obj)


@admin.register(Movie)
class MovieAdmin(admin.ModelAdmin):
    """The site's movie form (poster checks) saved through movie_save (slug, poster thumbnail, the
    announcement when a movie goes public); deleted or archived through the catalog services."""

    form = MovieForm
    readonly_fields = ["slug"]
    list_display = ["title", "status", "release_date", "duration_minutes", "age_rating", "language"]
    list_filter = ["status", "genres", "age_rating"]
    search_fields = ["title", "synopsis"]
    date_hierarchy = "release_date"
    actions = ["archive", "delete_unshown"]

    def save_model(self, request, obj, form, change):
        services.movie_save(movie=obj, genres=form.cleaned_data["genres"], poster_changed="poster" in form.changed_data)

    def has_delete_permission(self, request, obj=None):
        return False  # the "Delete" action below asks the service, which keeps movies with shows

    @admin.action(description="Archive selected movies")
    def archive(self, request, queryset):
        run_service(
            self, request, queryset, call=lambda movie: services.movie_archive(movie=movie), refused=(), done="Archived"
        )

    @admin.action(description="Delete selected movies (only those that never had a show)")
    def delete_unshown(self, request, queryset):
        run_service(
            self,
            request,
            queryset,
            call=lambda movie: services.movie_delete(movie=movie),
            refused=(CatalogError,),
            done="Deleted",
        )


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    fields = ["row", "number", "category", "grid_row", "grid_column"]
    readonly_fields = fields  # seats change on the site's layout page, which protects sold seats
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Auditorium)
class AuditoriumAdmin(admin.ModelAdmin):
    """Name and description only: auditoriums are created with their layout on the site."""

    list_display = ["name", "description"]
    inlines = [SeatInline]

    def has_add_permission(self, request):
        return False


@admin.register(Show)
class ShowAdmin(ReadOnlyAdmin):
    """Read-only: shows are scheduled, moved and repriced on the site, where overlaps are checked;
    here they are cancelled (bookings cancelled, refunds due, customers told) or deleted if unbooked."""

    list_display = ["movie", "auditorium", "starts_at", "ends_at", "status", "price_standard", "archived_at"]
    list_filter = ["status", "auditorium", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["movie__title"]
    date_hierarchy = "starts_at"
    list_select_related = ["movie", "auditorium"]
    actions = ["cancel", "delete_unbooked"]

    @admin.action(description="Cancel selected shows…")
    def cancel(self, request, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title="Cancel shows",
            warning="Their bookings are cancelled, what was paid is recorded as a refund due, and customers "
            "are told the reason.",
            call=lambda show, reason: services.show_cancel(show=show, reason=reason, by=request.user),
            refused=(CatalogError,),
            done="Cancelled",
        )

    @admin.action(description="Delete selected shows (only those nobody booked)")
    def delete_unbooked(self, request, queryset):
        run_service(
            self,
            request,
            queryset,
            call=lambda show: services.show_delete(show=show),
            refused=(CatalogError,),
            done="Deleted",
        )
