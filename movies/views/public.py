"""Pages anyone may see: what's on, what's coming, a movie, the day's schedule."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from movies import selectors
from movies.cache import catalog_cached
from movies.forms import CatalogFilterForm, DayForm
from movies.models import Genre, Movie

MOVIES_PER_PAGE = 12


@dataclass
class ListingPage:
    """One page of a movie listing, small enough to cache."""

    movies: list[Movie]
    number: int
    num_pages: int
    count: int
    genres: list[tuple[str, str]]  # the genre filter's choices, (slug, name): no query for them either

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages


def _listing(request, *, status: str, title: str):
    form = CatalogFilterForm(request.GET)
    filters = form.filters()
    page_number = request.GET.get("page") or 1

    def compute():
        page = Paginator(selectors.movies_listed(status=status, **filters), MOVIES_PER_PAGE).get_page(page_number)
        genres = list(Genre.objects.order_by("name").values_list("slug", "name"))
        return ListingPage(list(page.object_list), page.number, page.paginator.num_pages, page.paginator.count, genres)

    key = {
        "q": filters["query"].lower(),
        "genre": filters["genre"].slug if filters["genre"] else "",
        "day": filters["day"].isoformat() if filters["day"] else "",
        "page": str(page_number),
        "today": timezone.localdate().isoformat(),  # what is showing today changes at midnight
    }
    listing = catalog_cached(f"listing:{status}", key, compute)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "movies/listing.html",
        {
            "title": title,
            "status": status,
            "form": form,
            "listing": listing,
            "filtered": any(key[name] for name in ("q", "genre", "day")),
            "query": query.urlencode(),
        },
    )


def now_showing(request):
    return _listing(request, status=Movie.Status.NOW_SHOWING, title="Now showing")


def coming_soon(request):
    return _listing(request, status=Movie.Status.COMING_SOON, title="Coming soon")


def movie_detail(request, slug):
    def compute():
        movie = selectors.movie_public(slug)
        return (movie, selectors.movie_show_days(movie)) if movie else (None, [])

    # The reviews below the shows come from the reviews app's template tag.
    movie, show_days = catalog_cached("movie", {"slug": slug}, compute)
    if movie is None:
        raise Http404("No such movie")
    shows = [show for show_day in show_days for show in show_day.shows]  # seats left are asked for these
    return render(request, "movies/movie_detail.html", {"movie": movie, "show_days": show_days, "shows": shows})


def schedule(request):
    day = DayForm(request.GET).day()
    columns = catalog_cached("schedule", {"day": day.isoformat()}, lambda: selectors.day_schedule(day))
    today = timezone.localdate()
    return render(
        request,
        "movies/schedule.html",
        {
            "day": day,
            "columns": columns,
            "shows": [show for column in columns for show in column.shows],  # seats left are asked for these
            "days": [today + timedelta(days=n) for n in range(7)],
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1),
            "now": timezone.now(),
        },
    )
