from django.urls import path

from coupons import views

app_name = "coupons"

urlpatterns = [
    path("", views.coupon_list, name="list"),
    path("new/", views.coupon_create, name="create"),
    path("<int:pk>/", views.coupon_edit, name="edit"),
    path("<int:pk>/deactivate/", views.coupon_deactivate, name="deactivate"),
    path("<int:pk>/delete/", views.coupon_delete, name="delete"),
]
