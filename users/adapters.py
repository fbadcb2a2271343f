"""allauth, fitted to the theater: account mail goes through the outbox, links in it start with
SITE_URL, and it is signed with THEATER_NAME, whichever host (or no request at all) sent it."""

from dataclasses import dataclass
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.urls import reverse

from outbox.services import email_queue_message
from xcounter.site import absolute_url, site_domain


@dataclass(frozen=True)
class TheaterSite:
    """What allauth's mail templates call `current_site` ("Hello from {{ current_site.name }}!").
    The sites framework is not installed: its per-request stand-in is named after the host, and a
    Site row would keep the name it had when it was written. This one is read from the settings
    each time."""

    name: str
    domain: str


def theater_site() -> TheaterSite:
    return TheaterSite(name=settings.THEATER_NAME, domain=site_domain())


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Account mail (verification, password reset) goes through the outbox like every other
        mail: the worker sends it in production, so a hung mail server never holds a sign-up, and
        a mail server that is down only delays it."""
        context = {"request": allauth_context.request, "email": email, **context, "current_site": theater_site()}
        # Links allauth built from the request itself (the sign-up and reset pages) go to SITE_URL too.
        for key, value in context.items():
            if key.endswith("_url") and isinstance(value, str) and value:
                context[key] = absolute_url(value)
        email_queue_message(self.render_mail(template_prefix, email, context))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        # allauth's own way to put its opaque key in the URL.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def save_user(self, request, user, form, commit=True):
        # The sign-up form asks for the full name (users.forms.SignupForm); allauth only knows first/last.
        user.full_name = form.cleaned_data.get("full_name", "")
        return super().save_user(request, user, form, commit=commit)

    def get_login_stages(self):
        # After email verification, staff enter their emailed code.
        return [*super().get_login_stages(), "users.two_factor.StaffCodeStage"]


def password_set_url(user) -> str:
    """A link with which this user chooses a password (allauth's reset link, usable once, valid for
    PASSWORD_RESET_TIMEOUT): the staff invitation carries it."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    return get_adapter().get_reset_password_from_key_url(key)
