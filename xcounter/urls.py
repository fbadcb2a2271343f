from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from movies.views.public import now_showing
from users import views as user_views

# Django admin signs in through allauth, so verification and staff 2FA apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "XCounter administration"
admin.site.site_title = "XCounter admin"

urlpatterns = [
    path("", now_showing, name="home"),
    path("accounts/code/", user_views.staff_code, name="staff_code"),
    path("accounts/", include("allauth.urls")),
    path("profile/", include("users.urls")),
    path("dashboard/reports/", include("reporting.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("admin/", admin.site.urls),
    path("", include("movies.urls")),
    path("", include("bookings.urls")),
    path("manage/coupons/", include("coupons.urls")),
    path("staff/employees/", include("employees.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("reviews.urls")),
    path("support/", include("support.urls")),
    path("feedback/", include("feedback.urls")),
    path("", include("health.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
