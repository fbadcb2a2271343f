from django.urls import path

from employees import views

app_name = "employees"

urlpatterns = [
    path("", views.employee_list, name="list"),
    path("invite/", views.employee_invite, name="invite"),
    path("me/", views.my_record, name="me"),
    path("shifts/", views.shifts, name="shifts"),
    path("shifts/<int:pk>/edit/", views.shift_edit, name="shift_edit"),
    path("shifts/<int:pk>/delete/", views.shift_delete, name="shift_delete"),
    path("performance/", views.performance, name="performance"),
    path("<int:pk>/", views.employee_detail, name="detail"),
    path("<int:pk>/salary/", views.salary_entry_add, name="salary"),
    path("<int:pk>/pay/", views.payroll_pay, name="pay"),
    path("<int:pk>/status/", views.status_change, name="status"),
    path("<int:pk>/role/", views.role_change, name="role"),
    path("<int:pk>/supervisor/", views.supervisor_change, name="supervisor"),
    path("<int:pk>/edit/", views.employee_edit, name="edit"),
]
