from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coupons import services
from coupons.forms import CouponForm
from coupons.models import Coupon
from coupons.selectors import coupons_with_uses
from users.permissions import MANAGERS, role_required

managers = role_required(*MANAGERS)


@managers
def coupon_list(request):
    page = Paginator(coupons_with_uses(), 30).get_page(request.GET.get("page"))
    return render(request, "coupons/coupon_list.html", {"page": page, "now": timezone.now()})


def _coupon_form(request, coupon: Coupon | None):
    form = CouponForm(request.POST or None, instance=coupon)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.coupon_save(coupon=form.save(commit=False), by=request.user)
        except services.CouponError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Coupon {saved.code} is saved.")
            return redirect("coupons:list")
    return render(request, "coupons/coupon_form.html", {"form": form, "coupon": coupon})


@managers
def coupon_create(request):
    return _coupon_form(request, None)


@managers
def coupon_edit(request, pk):
    return _coupon_form(request, get_object_or_404(Coupon, pk=pk))


@managers
@require_POST
def coupon_deactivate(request, pk):
    coupon = services.coupon_deactivate(coupon=get_object_or_404(Coupon, pk=pk))
    messages.success(request, f"Coupon {coupon.code} is deactivated.")
    return redirect("coupons:list")


@managers
@require_POST
def coupon_delete(request, pk):
    coupon = get_object_or_404(Coupon, pk=pk)
    try:
        services.coupon_delete(coupon=coupon)
    except services.CouponError as refusal:
        services.coupon_deactivate(coupon=coupon)
        messages.warning(request, str(refusal))
    else:
        messages.success(request, f"Coupon {coupon.code} is deleted.")
    return redirect("coupons:list")
