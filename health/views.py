from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from health.selectors import health_report


@never_cache
@require_safe
def healthz(request):
    """For the load balancer: 200 when this server can serve (database and cache reachable), 503
    when it cannot. No sign-in, no secrets; never cached."""
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
