"""`{% url %}` and `{% static %}` that work out a link once per process: `{% load site_links %}`.

Every page draws the navbar's and footer's links and the same style sheets and scripts; Django's own
tags reverse each URL and look each file up in the static manifest on every request. These give
the same text, kept per process: a `{% url %}` without arguments (or `as`) by its name, the URL
configuration, the script prefix and the namespace of the request; a `{% static %}` of a fixed
path by that path. Both are forgotten when a test changes the settings they depend on.
A `{% url %}` with arguments is reversed each time, as Django's.
"""

from django import template
from django.core.signals import setting_changed
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.templatetags.static import StaticNode
from django.templatetags.static import do_static as django_static
from django.urls import get_script_prefix, get_urlconf

register = template.Library()

_urls: dict[tuple, str] = {}
_statics: dict[str, str] = {}
KEPT = 512  # links on the site's pages: a bound, not a size anyone should reach


class CachedURLNode(URLNode):
    def render(self, context):
        if self.args or self.kwargs or self.asvar:
            return super().render(context)
        name = self.view_name.resolve(context)
        request = context.get("request")
        match = getattr(request, "resolver_match", None)
        namespace = getattr(request, "current_app", None) or (match.namespace if match else None)
        key = (name, get_urlconf(), get_script_prefix(), namespace, context.autoescape)
        return _kept(_urls, key, lambda: super(CachedURLNode, self).render(context))


class CachedStaticNode(StaticNode):
    def url(self, context):
        if self.path.filters or not isinstance(self.path.var, str):  # a path from a variable: each time
            return super().url(context)
        return _kept(_statics, self.path.var, lambda: super(CachedStaticNode, self).url(context))


def _kept(links: dict, key, work_out) -> str:
    """The link kept under `key`, worked out the first time (the store emptied at KEPT links)."""
    link = links.get(key)
    if link is None:
        link = work_out()
        if len(links) >= KEPT:
            links.clear()
        links[key] = link
    return link


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


@register.tag
def static(parser, token):
    node = django_static(parser, token)
    return CachedStaticNode(varname=node.varname, path=node.path)


def _forget(*, setting, **kwargs):
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME", "STATIC_URL", "STORAGES", "INSTALLED_APPS", "DEBUG"}:
        _urls.clear()
        _statics.clear()


setting_changed.connect(_forget)
