from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django_otp.plugins.otp_email.admin import EmailDeviceAdmin
from django_otp.plugins.otp_email.models import EmailDevice

from users import services
from users.models import User
from xcounter.admin_tools import ReadOnlyAdmin


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts by role. Accounts come from sign-up, the employee invite or `createsuperuser`, never
    from here; the email changes through its confirmation link, a staff role and status on the
    employee pages. Here an Admin corrects a name or phone and blocks or unblocks an account."""

    form = UserEditForm
    list_display = ["email", "full_name", "role", "phone", "is_active", "date_joined", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name", "phone"]
    ordering = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "phone"]}),
        ("Access", {"fields": ["role", "is_active"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    filter_horizontal = []

    def get_readonly_fields(self, request, obj=None):
        owned = ["email", "role", "date_joined", "last_login"]
        if obj is not None and hasattr(obj, "employee"):
            owned.append("is_active")  # suspended or terminated on the employee pages, with a reason
        return owned

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        services.user_update_profile(user=obj, full_name=obj.full_name, phone=obj.phone)
        if "is_active" in form.changed_data:
            services.user_set_active(user=obj, active=obj.is_active)


# The libraries' own admins, which would skip our flows too.

admin.site.unregister(Group)  # the role is the only source of permissions; groups would be flags that drift
admin.site.unregister(EmailAddress)
admin.site.unregister(EmailDevice)


@admin.register(EmailAddress)
class EmailAddressReadOnlyAdmin(EmailAddressAdmin, ReadOnlyAdmin):
    """An address changes through the link sent to it; allauth's "Mark as verified" stays for support."""


@admin.register(EmailDevice)
class EmailDeviceReadOnlyAdmin(EmailDeviceAdmin, ReadOnlyAdmin):
    """The staff sign-in code's device: an edited address would send someone's codes elsewhere."""
