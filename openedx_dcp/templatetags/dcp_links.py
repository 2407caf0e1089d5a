"""
``{% dcp_page_url program "consent" pk=nomination.pk %}``: the absolute address of one of the people's pages
(``/dcp/…`` on the program's own site), for the emails that ask someone to act.

The emails are rendered by Celery tasks of the domain packages, which never import the pages; the URL is
reversed by name here instead. Where the pages are not mounted (the CMS loads the plugin too) the tag gives an
empty string and the email says what to do without a link.
"""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def dcp_page_url(program, name, **kwargs):
    try:
        path = reverse(f"dcp:{name}", kwargs={"program": program.slug, **kwargs})
    except NoReverseMatch:
        return ""
    scheme = getattr(settings, "DCP_PUBLIC_SCHEME", "https")
    return f"{scheme}://{program.site.domain}{path}"
