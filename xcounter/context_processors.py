from django.conf import settings


def theater(request):
    return {"THEATER_NAME": settings.THEATER_NAME, "max_seats": settings.BOOKING_MAX_SEATS}
