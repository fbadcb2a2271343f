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
