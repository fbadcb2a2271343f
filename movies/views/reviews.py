"""Reviews: customers write and edit their own; Admins and Moderators moderate and answer."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from movies import reviews
from movies.models import Movie, Review
from users.models import Role
from users.permissions import MANAGERS, role_required
from xcounter.parsing import next_url

customers = role_required(Role.CUSTOMER)
managers = role_required(*MANAGERS)


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        coerce=int, choices=[(n, f"{n} ★") for n in range(5, 0, -1)], widget=forms.RadioSelect, label="Your rating"
    )
    text = forms.CharField(label="Your review", max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))


@customers
def write(request, slug):
    movie = get_object_or_404(Movie.objects.exclude(status=Movie.Status.ARCHIVED), slug=slug)
    existing = Review.objects.filter(movie=movie, customer=request.user).first()
    initial = {"rating": existing.rating, "text": existing.text} if existing else None
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if existing:
                reviews.review_edit(review=existing, **form.cleaned_data)
            else:
                reviews.review_write(customer=request.user, movie=movie, **form.cleaned_data)
        except reviews.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you! Your review appears once a moderator has read it.")
            return redirect("movies:my_reviews")
    return render(
        request,
        "movies/review_form.html",
        {"movie": movie, "form": form, "existing": existing, "allowed": reviews.may_review(request.user, movie)},
    )


@customers
def my_reviews(request):
    mine = Review.objects.filter(customer=request.user).select_related("movie")
    return render(request, "movies/my_reviews.html", {"reviews": mine})


@customers
@require_POST
def delete_mine(request, pk):
    review = reviews.own_review(request.user, pk)
    reviews.review_delete(review=review)
    messages.success(request, f"Your review of {review.movie} is deleted.")
    return redirect("movies:my_reviews")


@managers
def queue(request):
    status = request.GET.get("status", Review.Status.PENDING)
    status = status if status in Review.Status.values else Review.Status.PENDING
    return render(
        request, "movies/staff/review_queue.html", {"reviews": reviews.moderation_queue(status)[:100], "status": status}
    )


@managers
@require_POST
def moderate(request, pk):
    review = get_object_or_404(Review, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "delete":
            reviews.review_delete(review=review)
            messages.success(request, "Review deleted.")
        elif action == "answer":
            reviews.review_answer(review=review, answer=request.POST.get("answer", ""), by=request.user)
            messages.success(request, "Answer published; the customer is told.")
        else:
            reviews.review_moderate(review=review, status=action or "")
            messages.success(request, f"Review {review.get_status_display().lower()}.")
    except reviews.ReviewError as error:
        messages.error(request, str(error))
    return redirect(next_url(request, "movies:review_queue"))
