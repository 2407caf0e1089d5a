"""
``{% dcp_page_url program "consent" pk=nomination.pk %}``: the absolute address of one of the people's pages
(``/dcp/…`` on the program's own site), for the emails that ask someone to act.

The emails are rendered by the one email sender (``openedx_dcp.notifications``), and no domain package imports
the pages; the URL is reversed by name here instead. Where the pages are not mounted (the CMS loads the plugin
too) the tag gives an empty string and the email says what to do without a link.
"""

from django import template

from openedx_dcp import notifications

register = template.Library()


@register.simple_tag
def dcp_page_url(program, name, **kwargs):
    """The absolute address of the page ``name`` on ``program``'s site, or "" where the pages are not mounted."""
    return notifications.page_url(program, name, **kwargs)
