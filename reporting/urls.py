from django.urls import path

from reporting import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("download/", views.download, name="download"),
    path("schedules/", views.schedules, name="schedules"),
    path("schedules/<int:pk>/delete/", views.schedule_delete, name="schedule_delete"),
]
