from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", views.AdminDashboard.as_view(), name="admin"),
    path("moderator/", views.ModeratorDashboard.as_view(), name="moderator"),
    path("salesman/", views.SalesmanDashboard.as_view(), name="salesman"),
    path("customer/", views.CustomerDashboard.as_view(), name="customer"),
]
