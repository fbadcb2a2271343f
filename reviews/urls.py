from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("movies/<slug:slug>/review/", views.write, name="write"),
    path("reviews/", views.my_reviews, name="mine"),
    path("reviews/<int:pk>/delete/", views.delete_mine, name="delete"),
    path("manage/reviews/", views.queue, name="queue"),
    path("manage/reviews/<int:pk>/", views.moderate, name="moderate"),
]
