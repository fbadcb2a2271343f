from allauth.account.internal.stagekit import get_pending_stage
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from users.two_factor import StaffCodeStage


class StaffTwoFactorMiddleware:
    """Keep staff on the code page until they have entered their code.

    A pending staff sign-in may only see the code page and logout; a signed-in
    Admin or Moderator whose session never passed the code is signed out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            if user.needs_two_factor and not user.is_verified():
                logout(request)
                messages.warning(request, "Please sign in again and enter the code we email you.")
                return redirect("account_login")
        elif "account_login" in request.session:
            stage = get_pending_stage(request)
            if stage is not None and stage.key == StaffCodeStage.key:
                allowed = {reverse("staff_code"), reverse("account_logout")}
                if request.path not in allowed:
                    return redirect("staff_code")
        return self.get_response(request)
