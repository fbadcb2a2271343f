from django import template

from reporting import links

register = template.Library()


@register.simple_tag
def report_url(report: str, period, file_format: str = "pdf") -> str:
    """`{% load reports %}{% report_url "sales-by-movie" period %}`: that report for that period."""
    return links.report_url(report, period, file_format)
