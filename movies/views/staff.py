"""Management pages: movies and auditoriums for Admins, shows for Moderators and Admins."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from movies import selectors, services
from movies.exceptions import CatalogError
from movies.forms import (
    AuditoriumForm,
    DayForm,
    GenreForm,
    LayoutForm,
    LayoutGeneratorForm,
    MovieForm,
    ShowCancelForm,
    ShowForm,
)
from movies.layout import LayoutError, layout_text
from movies.models import Auditorium, Genre, Movie, Show
from users.models import Role
from users.permissions import MANAGERS, role_required
from xcounter.parsing import as_id
from xcounter.words import counted

admin_only = role_required(Role.ADMIN)
managers = role_required(*MANAGERS)


# --- Movies (Admin) ---------------------------------------------------------------------------


@admin_only
def movie_list(request):
    query = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    movies = Movie.objects.annotate(show_count=Count("shows")).order_by("-release_date", "title")
    if query:
        movies = movies.filter(Q(title__icontains=query) | Q(synopsis__icontains=query))
    if status in Movie.Status.values:
        movies = movies.filter(status=status)
    page = Paginator(movies, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "movies/staff/movie_list.html",
        {"page": page, "query": query, "status": status, "statuses": Movie.Status.choices},
    )


def _movie_form(request, movie: Movie | None):
    form = MovieForm(request.POST or None, request.FILES or None, instance=movie)
    if request.method == "POST" and form.is_valid():
        saved = services.movie_save(
            movie=form.save(commit=False),
            genres=form.cleaned_data["genres"],
            poster_changed="poster" in form.changed_data,
        )
        messages.success(request, f"“{saved}” is saved.")
        return redirect("movies:staff_movie_list")
    return render(request, "movies/staff/movie_form.html", {"form": form, "movie": movie})


@admin_only
def movie_create(request):
    return _movie_form(request, None)


@admin_only
def movie_edit(request, pk):
    return _movie_form(request, get_object_or_404(Movie, pk=pk))


@admin_only
@require_POST
def movie_archive(request, pk):
    movie = services.movie_archive(movie=get_object_or_404(Movie, pk=pk))
    messages.success(request, f"“{movie}” is archived: it no longer appears on the public pages.")
    return redirect("movies:staff_movie_list")


@admin_only
@require_POST
def movie_delete(request, pk):
    movie = get_object_or_404(Movie, pk=pk)
    try:
        services.movie_delete(movie=movie)
    except CatalogError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{movie}” is deleted.")
    return redirect("movies:staff_movie_list")


@admin_only
def genre_list(request):
    form = GenreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        genre = services.genre_save(genre=form.save(commit=False))
        messages.success(request, f"Genre “{genre}” is added.")
        return redirect("movies:staff_genre_list")
    genres = Genre.objects.annotate(movie_count=Count("movies"))
    return render(request, "movies/staff/genre_list.html", {"form": form, "genres": genres})


# --- Auditoriums (Admin) ----------------------------------------------------------------------


@admin_only
def auditorium_list(request):
    return render(request, "movies/staff/auditorium_list.html", {"auditoriums": selectors.auditoriums_with_capacity()})


@admin_only
def auditorium_create(request):
    generator = LayoutGeneratorForm(request.GET or None)
    initial = {"layout": generator.layout()} if request.GET and generator.is_valid() else {}
    form = AuditoriumForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        auditorium = services.auditorium_create(
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            layout=form.cleaned_data["layout"],
        )
        messages.success(request, f"{auditorium} is created.")
        return redirect("movies:staff_auditorium_layout", pk=auditorium.pk)
    return render(request, "movies/staff/auditorium_form.html", {"form": form, "generator": generator})


@admin_only
def auditorium_layout(request, pk):
    auditorium = get_object_or_404(Auditorium, pk=pk)
    seats = list(auditorium.seats.all())
    form = LayoutForm(request.POST or None, initial={"layout": layout_text(seats)})
    if request.method == "POST" and form.is_valid():
        try:
            change = services.auditorium_layout_save(auditorium=auditorium, layout=form.cleaned_data["layout"])
        except LayoutError as error:
            form.add_error("layout", str(error))
        else:
            messages.success(
                request,
                f"Layout saved: {counted(change['added'], 'seat')} added, {change['removed']} removed, "
                f"{change['renumbered']} renumbered, {change['recategorised']} changed category.",
            )
            return redirect("movies:staff_auditorium_layout", pk=auditorium.pk)
    return render(
        request,
        "movies/staff/auditorium_layout.html",
        {"auditorium": auditorium, "form": form, "seat_rows": selectors.seat_grid(seats)},
    )


# --- Shows (Moderator, Admin) -----------------------------------------------------------------


@managers
def show_list(request):
    day_form = DayForm(request.GET)
    day = day_form.cleaned_data.get("date") if day_form.is_valid() else None
    auditorium_id = as_id(request.GET.get("auditorium"))
    auditorium = Auditorium.objects.filter(pk=auditorium_id).first() if auditorium_id else None
    archived = request.GET.get("archived") == "1"
    shows = selectors.staff_shows(day=day, auditorium=auditorium, archived=archived)
    page = Paginator(shows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "movies/staff/show_list.html",
        {
            "page": page,
            "day_form": day_form,
            "auditorium": auditorium,
            "auditoriums": Auditorium.objects.all(),
            "archived": archived,
        },
    )


@managers
def show_create(request):
    form = ShowForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            show = services.show_schedule(
                movie=form.cleaned_data["movie"],
                auditorium=form.cleaned_data["auditorium"],
                starts_at=form.cleaned_data["starts_at"],
                prices=form.prices(),
                by=request.user,
            )
        except CatalogError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Scheduled: {show}.")
            return redirect("movies:staff_show_list")
    return render(request, "movies/staff/show_form.html", {"form": form})


@managers
def show_edit(request, pk):
    show = get_object_or_404(Show.objects.select_related("movie", "auditorium"), pk=pk)
    form = ShowForm(request.POST or None, initial=ShowForm.initial_for(show))
    if request.method == "POST" and form.is_valid():
        try:
            services.show_update(
                show=show,
                movie=form.cleaned_data["movie"],
                auditorium=form.cleaned_data["auditorium"],
                starts_at=form.cleaned_data["starts_at"],
                prices=form.prices(),
            )
        except CatalogError as error:
            form.add_error(None, str(error))
            show.refresh_from_db()
        else:
            messages.success(request, f"Saved: {show}.")
            return redirect("movies:staff_show_list")
    return render(request, "movies/staff/show_form.html", {"form": form, "show": show})


@managers
def show_cancel(request, pk):
    show = get_object_or_404(Show.objects.select_related("movie", "auditorium"), pk=pk)
    form = ShowCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.show_cancel(show=show, reason=form.cleaned_data["reason"], by=request.user)
        except CatalogError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Cancelled: {show}.")
            return redirect("movies:staff_show_list")
    return render(
        request,
        "movies/staff/show_cancel.html",
        {"form": form, "show": show, "has_sales": selectors.show_has_sales(show)},
    )


@managers
@require_POST
def show_delete(request, pk):
    show = get_object_or_404(Show, pk=pk)
    try:
        services.show_delete(show=show)
    except CatalogError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The show is deleted.")
    return redirect("movies:staff_show_list")
