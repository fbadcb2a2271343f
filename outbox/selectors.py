from django.db.models import Count

from outbox.models import OutboundEmail


def batch_progress(batches: list[str]) -> dict[str, dict[str, int]]:
    """How many mails of each batch are queued, sending, sent and failed, in one query."""
    progress = {batch: dict.fromkeys(OutboundEmail.Status.values, 0) for batch in batches}
    counted = (
        OutboundEmail.objects.filter(batch__in=batches)
        .order_by()
        .values_list("batch", "status")
        .annotate(count=Count("pk"))
    )
    for batch, status, count in counted:
        progress[batch][status] = count
    return progress
