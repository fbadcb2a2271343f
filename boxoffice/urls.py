from django.urls import path

from boxoffice import views

app_name = "boxoffice"

urlpatterns = [
    path("box-office/till/", views.till, name="till"),
    path("box-office/till/<int:pk>/move/", views.cash_move, name="move"),
    path("box-office/till/<int:pk>/close/", views.close, name="close"),
    path("box-office/till/sessions/", views.sessions, name="sessions"),
    path("box-office/till/sessions/<int:pk>/", views.session, name="session"),
    path("box-office/till/sessions/<int:pk>/z.pdf", views.z_report, name="z_report"),
    path("box-office/till/sessions/<int:pk>/review/", views.review, name="review"),
    path("box-office/till/sessions/<int:pk>/adjust/", views.adjust, name="adjust"),
    path("box-office/till/day/", views.day, name="day"),
    path("box-office/till/day/z.pdf", views.day_z, name="day_z"),
]
