"""Account events other apps listen to (notifications tells the people concerned)."""

from django.dispatch import Signal

staff_codes_guessed = Signal()  # user, failures: wrong sign-in codes reached the hourly limit again
