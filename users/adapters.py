from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from outbox.services import email_queue_message


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Account mail (verification, password reset) goes through the outbox like every other
        mail: the worker sends it in production, so a hung mail server never holds a sign-up, and
        a mail server that is down only delays it."""
        request = allauth_context.request
        site = get_current_site(request)
        site.name = settings.THEATER_NAME  # "Hello from XCounter Cinema", not from the host name
        context = {"request": request, "email": email, "current_site": site, **context}
        email_queue_message(self.render_mail(template_prefix, email, context))

    def save_user(self, request, user, form, commit=True):
        # The sign-up form asks for the full name (users.forms.SignupForm); allauth only knows first/last.
        user.full_name = form.cleaned_data.get("full_name", "")
        return super().save_user(request, user, form, commit=commit)

    def get_login_stages(self):
        # After email verification, staff enter their emailed code.
        return [*super().get_login_stages(), "users.two_factor.StaffCodeStage"]
