from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/read/", views.mark_read, name="read"),
    path("read-all/", views.mark_all_read, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("offers/", views.offers, name="offers"),
    path("unsubscribe/<str:token>/", views.unsubscribe_offers, name="unsubscribe"),
]
