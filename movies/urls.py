from django.urls import path

from movies.views import public, staff

app_name = "movies"

urlpatterns = [
    path("", public.now_showing, name="now_showing"),
    path("coming-soon/", public.coming_soon, name="coming_soon"),
    path("movies/<slug:slug>/", public.movie_detail, name="detail"),
    path("schedule/", public.schedule, name="schedule"),
    path("manage/movies/", staff.movie_list, name="staff_movie_list"),
    path("manage/movies/new/", staff.movie_create, name="staff_movie_create"),
    path("manage/movies/<int:pk>/", staff.movie_edit, name="staff_movie_edit"),
    path("manage/movies/<int:pk>/archive/", staff.movie_archive, name="staff_movie_archive"),
    path("manage/movies/<int:pk>/delete/", staff.movie_delete, name="staff_movie_delete"),
    path("manage/genres/", staff.genre_list, name="staff_genre_list"),
    path("manage/auditoriums/", staff.auditorium_list, name="staff_auditorium_list"),
    path("manage/auditoriums/new/", staff.auditorium_create, name="staff_auditorium_create"),
    path("manage/auditoriums/<int:pk>/", staff.auditorium_layout, name="staff_auditorium_layout"),
    path("manage/shows/", staff.show_list, name="staff_show_list"),
    path("manage/shows/new/", staff.show_create, name="staff_show_create"),
    path("manage/shows/<int:pk>/", staff.show_edit, name="staff_show_edit"),
    path("manage/shows/<int:pk>/cancel/", staff.show_cancel, name="staff_show_cancel"),
    path("manage/shows/<int:pk>/delete/", staff.show_delete, name="staff_show_delete"),
]
