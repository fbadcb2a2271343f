"""How bookings get paid. A provider is one class; adding a card gateway is adding a class.

`start()` runs when a customer confirms online. The built-in provider, pay at the box office,
confirms the booking unpaid; a salesman records the money later with `payment_record`. A gateway
provider would return a redirect to its payment page and record the payment from its callback.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PaymentStart:
    paid: bool = False
    redirect_url: str | None = None
    provider_reference: str = ""


class PaymentProvider(ABC):
    key: str
    label: str
    description: str = ""

    @abstractmethod
    def start(self, booking) -> PaymentStart:
        """Begin paying for a just-confirmed booking."""


class PayAtBoxOffice(PaymentProvider):
    key = "box_office"
    label = "Pay at the box office"
    description = "Your seats are reserved now; pay in cash or by card at the counter before the show."

    def start(self, booking) -> PaymentStart:
        return PaymentStart(paid=False)


def online_providers() -> dict[str, PaymentProvider]:
    providers = (import_string(path)() for path in settings.BOOKING_PAYMENT_PROVIDERS)
    return {provider.key: provider for provider in providers}
