from django.apps import AppConfig
from django_otp.plugins.otp_email import apps as otp_email_apps


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = "Users and roles"


class SignInCodesConfig(otp_email_apps.DefaultConfig):
    """django-otp's email plugin (label `otp_email`) under a name people read in Django admin."""

    default = False  # "users" itself stays UsersConfig
    verbose_name = "Staff sign-in codes"
