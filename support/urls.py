from django.urls import path

from support import views

app_name = "support"

urlpatterns = [
    path("", views.my_threads, name="mine"),
    path("inbox/", views.inbox, name="inbox"),
    path("<int:pk>/", views.thread, name="thread"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/assign/", views.assign_to_me, name="assign"),
    path("<int:pk>/close/", views.close, name="close"),
]
