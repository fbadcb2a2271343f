from allauth.account.internal.decorators import login_stage_required
from allauth.account.internal.stagekit import stash_login
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django_otp import login as otp_login

from users.forms import ProfileForm, StaffCodeForm
from users.services import user_update_profile
from users.two_factor import CodeNotSent, StaffCodeStage, TwoFactorError, staff_code_send, staff_code_verify


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=request.user, **form.cleaned_data)
        messages.success(request, "Your profile is saved.")
        return redirect("users:profile")
    return render(request, "users/profile.html", {"form": form})


@login_stage_required(stage=StaffCodeStage.key, redirect_urlname="account_login")
def staff_code(request):
    """Second step of a staff sign-in: enter, resend or give up on the emailed code."""
    stage = request._login_stage
    user = stage.login.user
    form = StaffCodeForm(request.POST if request.POST.get("action") == "verify" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel":
            return stage.abort()
        if action == "resend":
            try:
                staff_code_send(user=user, resend=True)
            except CodeNotSent as error:
                stage.state["unsent"] = str(error)
            except TwoFactorError as error:
                messages.error(request, str(error))
            else:
                stage.state.pop("unsent", None)
                messages.success(request, "A new code is on its way. The previous one no longer works.")
            stash_login(request, stage.login)
            return redirect("staff_code")
        if form.is_valid():
            try:
                device = staff_code_verify(user=user, code=form.cleaned_data["code"])
            except TwoFactorError as error:
                form.add_error("code", str(error))
            else:
                response = stage.exit()
                otp_login(request, device)
                return response
    context = {"form": form, "email": user.email, "unsent": stage.state.get("unsent")}
    return render(request, "users/staff_code.html", context)
