"""
The one email sender of the plugin: every email (a workflow move's, a request to consent or to endorse, a
panelist's assignments, a member's welcome) is owed through ``owe`` in the transaction of the change that
causes it, recorded in the outbox (ADR 0011), and sent after commit by ``deliver``, retried while the mail
server fails.

An email is a template ``openedx_dcp/email/<template>.txt`` whose first line is the subject and the rest the
body, rendered once per recipient as plain text (no HTML escaping) with the subject of the email under its model
name (``nomination``, ``cycle``, ``membership``, ``panelist``), ``recipient`` (the person it goes to) and what
the audience adds. It is sent from ``DCP_FROM_EMAIL``, or ``DEFAULT_FROM_EMAIL`` when that is not set, in the
site's default language.

Who receives it is an ``Audience``: a named function from the subject (and the message's parameters) to people,
registered by the package that knows them. The outbox stores the audience's name, never the function, so a
message owed before an upgrade is still delivered after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.template import Context
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from openedx_dcp import tenancy
from openedx_dcp.outbox import api as outbox

__all__ = ["Audience", "register_audience", "get_audience", "owe", "deliver", "send", "render", "sender", "page_url",
           "EMAIL"]

# Outbox kind of an email.
EMAIL = "email"


@dataclass(frozen=True)
class Audience:
    """
    The people an email about a subject goes to: ``recipients(subject, **params)`` returns users (anything with
    ``email`` and ``get_username``), and ``context(subject, **params)`` what the template sees besides the
    subject and the recipient.
    """

    name: str
    recipients: Callable[..., Iterable[Any]]
    context: Callable[..., dict] | None = None


_AUDIENCES: dict[str, Audience] = {}


def register_audience(name: str, *, recipients: Callable[..., Iterable[Any]],
                      context: Callable[..., dict] | None = None) -> Audience:
    """Register (or replace) the audience ``name``; returns it for transition rows and ``owe`` calls."""
    _AUDIENCES[name] = Audience(name=name, recipients=recipients, context=context)
    return _AUDIENCES[name]


def get_audience(name: str) -> Audience:
    """The registered audience ``name``."""
    try:
        return _AUDIENCES[name]
    except KeyError:
        raise LookupError(f"No email audience named {name!r} is registered.") from None


def owe(*, template: str, audience: Audience, subject: models.Model, **params) -> None:
    """
    Owe the email ``template`` about ``subject`` to ``audience``, in the current transaction: it is sent after
    the transaction commits, and never if it rolls back. ``params`` (JSON values: ids, names) reach the
    audience's functions.
    """
    if _AUDIENCES.get(audience.name) is not audience:
        raise LookupError(f"The email audience {audience.name!r} is not registered.")
    outbox.enqueue(kind=EMAIL, template=template, audience=audience.name, model=subject._meta.label_lower,
                   pk=subject.pk, **params)


def deliver(*, template: str, audience: str, model: str, pk: int, **params) -> int:
    """
    Send the email ``template`` about the row ``pk`` of ``model`` to the audience named ``audience``, reading
    fresh rows; returns how many messages went out (0 when the row is gone or nobody has an address).
    """
    found = _AUDIENCES.get(audience)
    if found is None:
        raise LookupError(f"No email audience named {audience!r} is registered.")
    subject = apps.get_model(model)._default_manager.filter(pk=pk).first()
    if subject is None:
        return 0
    context = {subject._meta.model_name: subject}
    if found.context is not None:
        context.update(found.context(subject, **params))
    return send(template=template, recipients=found.recipients(subject, **params), context=context)


def page_url(program: models.Model, name: str, **kwargs) -> str:
    """
    The absolute address of the people's page ``name`` (``/dcp/…``) on ``program``'s site, for emails that
    ask someone to act; "" where the pages are not mounted (the CMS loads the plugin too). By URL name, so no
    domain package imports the pages.
    """
    try:
        path = reverse(f"dcp:{name}", kwargs={"program": program.slug, **kwargs})
    except NoReverseMatch:
        return ""
    return tenancy.public_url(program.site, path)


def sender() -> str | None:
    """The address emails come from: ``DCP_FROM_EMAIL``, else ``DEFAULT_FROM_EMAIL``."""
    return getattr(settings, "DCP_FROM_EMAIL", None) or getattr(settings, "DEFAULT_FROM_EMAIL", None)


def render(template: str, context: dict) -> tuple[str, str]:
    """``(subject, body)`` of the email ``template`` rendered with ``context``, as plain text."""
    text = get_template(f"openedx_dcp/email/{template}.txt").template.render(Context(context, autoescape=False))
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def send(*, template: str, recipients: Iterable[Any], context: dict) -> int:
    """
    Render ``template`` for each recipient with an address (once per address) and send it to them alone;
    returns how many messages went out.
    """
    sent, seen = 0, set()
    with translation.override(settings.LANGUAGE_CODE):
        for person in recipients:
            address = getattr(person, "email", "")
            if not address or address in seen:
                continue
            seen.add(address)
            subject, body = render(template, {**context, "recipient": person})
            sent += send_mail(subject, body, sender(), [address])
    return sent


outbox.register_handler(kind=EMAIL, handler=deliver)
