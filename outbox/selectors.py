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


def oldest_unsent_created_at():
    """When the oldest mail still waiting (queued, or being sent) was queued; None when none waits.
    A growing age means the mail worker is stopped or the mail server refuses."""
    return (
        OutboundEmail.objects.filter(status__in=[OutboundEmail.Status.QUEUED, OutboundEmail.Status.SENDING])
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
