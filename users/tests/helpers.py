from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_email.models import EmailDevice


def sign_in_as(client, user):
    """Log `user` into the test client; staff sessions are marked as having passed the code."""
    client.force_login(user)
    if user.needs_two_factor:
        device, _ = EmailDevice.objects.get_or_create(user=user, name="sign-in", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return user


def last_code(mailoutbox) -> str:
    """The 6-digit code from the newest sign-in code email."""
    import re

    for message in reversed(mailoutbox):
        if "sign-in code" in message.subject:
            return re.search(r"\b(\d{6})\b", message.body).group(1)
    raise AssertionError("no sign-in code was emailed")


def admin_url(model, view: str, *args) -> str:
    """A Django admin page: admin_url(Show, "change", show.pk)."""
    from django.urls import reverse

    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def admin_action(client, model, action: str, objects, **data):
    """Run a Django admin action on `objects` the way the list page's form posts it."""
    selected = [obj.pk for obj in objects]
    return client.post(
        admin_url(model, "changelist"), {"action": action, "_selected_action": selected, "index": 0, **data}
    )
