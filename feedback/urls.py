from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("all/", views.admin_list, name="admin"),
    path("<int:pk>/answer/", views.admin_answer, name="answer"),
]
