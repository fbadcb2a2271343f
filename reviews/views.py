"""Reviews: customers write and edit their own; Admins and Moderators moderate and answer."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from movies.models import Movie
from reviews import selectors, services
from reviews.forms import ReviewForm
from reviews.models import Review
from users.models import Role
from users.permissions import MANAGERS, role_required
from xcounter.parsing import next_url

customers = role_required(Role.CUSTOMER)
managers = role_required(*MANAGERS)


@customers
def write(request, slug):
    movie = get_object_or_404(Movie.objects.exclude(status=Movie.Status.ARCHIVED), slug=slug)
    existing = selectors.review_by(request.user, movie)
    initial = {"rating": existing.rating, "text": existing.text} if existing else None
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if existing:
                services.review_edit(review=existing, **form.cleaned_data)
            else:
                services.review_write(customer=request.user, movie=movie, **form.cleaned_data)
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you! Your review appears once a moderator has read it.")
            return redirect("reviews:mine")
    return render(
        request,
        "reviews/review_form.html",
        {"movie": movie, "form": form, "existing": existing, "allowed": selectors.may_review(request.user, movie)},
    )


@customers
def my_reviews(request):
    return render(request, "reviews/my_reviews.html", {"reviews": selectors.reviews_by(request.user)})


@customers
@require_POST
def delete_mine(request, pk):
    review = selectors.own_review(request.user, pk)
    services.review_delete(review=review)
    messages.success(request, f"Your review of {review.movie} is deleted.")
    return redirect("reviews:mine")


@managers
def queue(request):
    status = request.GET.get("status", Review.Status.PENDING)
    status = status if status in Review.Status.values else Review.Status.PENDING
    return render(
        request, "reviews/review_queue.html", {"reviews": selectors.moderation_queue(status)[:100], "status": status}
    )


@managers
@require_POST
def moderate(request, pk):
    review = get_object_or_404(Review, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "delete":
            services.review_delete(review=review)
            messages.success(request, "Review deleted.")
        elif action == "answer":
            services.review_answer(review=review, answer=request.POST.get("answer", ""), by=request.user)
            messages.success(request, "Answer published; the customer is told.")
        else:
            services.review_moderate(review=review, status=action or "")
            messages.success(request, f"Review {review.get_status_display().lower()}.")
    except services.ReviewError as error:
        messages.error(request, str(error))
    return redirect(next_url(request, "reviews:queue"))
