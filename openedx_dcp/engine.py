"""
The one workflow engine: nominations, cycles and memberships (and any new workflow) move through it.

A workflow is a ``Workflow``: a model, the field holding its state, and a table of ``Transition`` rows. A row
says everything a move does: from which states to which, who may perform it, the guards that must find no
problem, whether a note is required, what else it changes (``apply``), the action its audit line records, the
email it owes (a template and the people who receive it), the outbound Open edX event it emits and the Django
signal it sends. A new state or decision is therefore a choice on the model's ``TextChoices``, a row, an email
template and a migration; nothing in this module changes (docs/decisions/0009-layers-and-workflow-engine.rst).

``Workflow.perform`` is the only function that changes a state. In one transaction it locks the row, checks
that the actor may act, that the move is allowed from the current state, that a required note is given and
that every guard passes; only then it applies the row's effects, saves, appends the audit line, sends the row's
signal and the workflow's signal, and records the email and the event in the outbox, so that they are owed
exactly when the move commits (ADR 0011, 0012). After the commit it sends the workflow's ``committed_signal``
(robustly: the move committed, a failing receiver is logged). A refused call raises ``NotPermitted``,
``TransitionRefused`` or ``ValidationFailed`` with a sentence a person can act on, and writes nothing.

Other packages extend a workflow without editing its table: ``register_guard`` adds a check to a transition and
``register_actor_check`` lets more people perform it (the review panel's rules on cycles, for instance).

This module belongs to the shared base: it imports no domain package.
"""

from __future__ import annotations

import copy
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import django.dispatch
from django.db import models, transaction
from django.utils.translation import gettext as _

from openedx_dcp import audit, notifications
from openedx_dcp.exceptions import NotPermitted, TransitionRefused, ValidationFailed
from openedx_dcp.outbox import api as outbox

__all__ = [
    "Transition",
    "Workflow",
    "Guard",
    "ActorCheck",
    "is_system",
]

log = logging.getLogger(__name__)

# ``guard(subject, actor, context) -> [problem, ...]``: each problem is a sentence; none means the move may
# happen. A guard may also raise a domain exception (``NotPermitted``) when its refusal is not about the state.
Guard = Callable[[models.Model, Any, dict], list]
# ``check(actor, subject) -> bool``: whether ``actor`` (None for the system) may perform the move.
ActorCheck = Callable[[Any, models.Model], bool]


def is_system(actor: Any, subject: models.Model = None) -> bool:
    """The system (a sweep, a task, a management command) acts with no actor."""
    return actor is None


@dataclass(frozen=True)
class Transition:
    """
    One allowed move: from any of ``sources`` to ``target``, by whoever ``may_perform`` admits, when every guard
    returns no problem.

    - ``label``: the verb phrase of the move in sentences ("You may not {label} this nomination."), marked for
      translation with ``gettext_lazy``.
    - ``apply(subject, actor, note, context)``: sets the fields the move changes besides the state; it may
      return a sentence that is added to the audit line's note.
    - ``audit_action``: the action of the audit line (the transition's name by default), and
      ``audit_visibility`` who may read it (by default what ``audit.visibility_of`` says for the action:
      program staff only for an action it does not list, so a new move never leaks, R26).
    - ``email`` and ``recipients``: the template ``openedx_dcp/email/<email>.txt`` owed to the people
      ``recipients`` (a ``notifications.Audience``) finds when the move commits.
    - ``event`` and ``event_data(subject) -> dict``: the outbound Open edX event recorded with the move.
    - ``signal``: a Django signal of this move alone, sent in the transaction with ``sender=<model>`` and
      ``<subject name>=<subject>`` (credentials listen to the membership's).
    """

    name: str
    label: str
    sources: frozenset
    target: str
    may_perform: ActorCheck
    guards: tuple = ()
    requires_note: bool = False
    apply: Callable | None = None
    audit_action: str = ""
    audit_visibility: str | None = None
    email: str = ""
    recipients: notifications.Audience | None = None
    event: Any = None
    event_data: Callable[[models.Model], dict] | None = None
    signal: django.dispatch.Signal | None = None

    def __post_init__(self):
        if self.email and self.recipients is None:
            raise ValueError(f"Transition {self.name!r} sends {self.email!r} but says to nobody.")
        if self.event is not None and self.event_data is None:
            raise ValueError(f"Transition {self.name!r} emits an event without its data.")


@dataclass
class Workflow:
    """
    The states of ``model`` (held in ``state_field``) and the moves between them.

    - ``subject``: the signals' keyword for the thing moved ("nomination"); sentences call it ``name``
      (``gettext_lazy("nomination")``), or the model's verbose name when no name is given.
    - ``program_of(subject)``: the program its audit lines belong to.
    - ``select_related``: what ``perform`` reads with the locked row (guards and receivers use it).
    - ``signal``: sent in the transaction of every move, after its audit line, with ``sender=model``,
      ``<subject>=...``, ``transition``, ``actor``, ``from_state`` and ``note``; a receiver that raises rolls
      the move back.
    - ``committed_signal``: the same, sent after the move commits.
    """

    subject: str
    model: type[models.Model]
    transitions: Iterable[Transition]
    program_of: Callable[[models.Model], models.Model]
    name: Any = None
    state_field: str = "state"
    select_related: tuple = ()
    signal: django.dispatch.Signal | None = None
    committed_signal: django.dispatch.Signal | None = None
    _extra_guards: dict = field(default_factory=lambda: defaultdict(list), repr=False)
    _extra_actor_checks: dict = field(default_factory=lambda: defaultdict(list), repr=False)

    def __post_init__(self):
        rows = list(self.transitions)
        self.transitions = {row.name: row for row in rows}
        if len(self.transitions) != len(rows):
            raise ValueError(f"The {self.subject} workflow names a transition twice.")
        states = {value for value, _label in self.model._meta.get_field(self.state_field).choices}
        for row in rows:
            unknown = (set(row.sources) | {row.target}) - states
            if unknown:
                raise ValueError(f"Transition {row.name!r} of the {self.subject} workflow names unknown states "
                                 f"{sorted(unknown)}.")

    # ---- extension points --------------------------------------------------------------------------------

    def register_guard(self, name: str, guard: Guard) -> None:
        """Add ``guard(subject, actor, context) -> [problems]`` to the transition ``name`` (idempotent)."""
        self._row(name)
        if guard not in self._extra_guards[name]:
            self._extra_guards[name].append(guard)

    def register_actor_check(self, name: str, check: ActorCheck) -> None:
        """Let whoever ``check(actor, subject) -> bool`` admits also perform the transition ``name``."""
        self._row(name)
        if check not in self._extra_actor_checks[name]:
            self._extra_actor_checks[name].append(check)

    # ---- questions ---------------------------------------------------------------------------------------

    @property
    def noun(self) -> str:
        """What the subject is called in sentences: ``name`` (translatable), else the model's verbose name."""
        return str(self.name or self.model._meta.verbose_name)

    def state_of(self, subject: models.Model) -> str:
        """The current state of ``subject``."""
        return getattr(subject, self.state_field)

    def may_perform(self, name: str, actor: Any, subject: models.Model) -> bool:
        """Whether ``actor`` is among those who perform the transition ``name`` on ``subject``."""
        row = self._row(name)
        return row.may_perform(actor, subject) or any(
            check(actor, subject) for check in self._extra_actor_checks[name]
        )

    def may_attempt(self, subject: models.Model, name: str, actor: Any) -> bool:
        """
        Whether ``actor`` may attempt the transition ``name`` on ``subject`` in its current state: they are
        among those who perform it and the state allows it. Guards are not run (they answer when ``perform``
        is called), so pages can offer the button and show the refusal's sentence.
        """
        row = self.transitions.get(name)
        return bool(row is not None and self.state_of(subject) in row.sources
                    and self.may_perform(name, actor, subject))

    def available(self, subject: models.Model, actor: Any) -> list[str]:
        """Names of the transitions ``actor`` could attempt on ``subject`` now (guards not evaluated)."""
        return [name for name in self.transitions if self.may_attempt(subject, name, actor)]

    def problems(self, subject: models.Model, name: str, actor: Any, context: dict | None = None) -> list[str]:
        """What the guards of the transition ``name`` (the row's, then the registered ones) find against it."""
        row = self._row(name)
        found = []
        for guard in (*row.guards, *self._extra_guards[name]):
            found.extend(guard(subject, actor, context or {}))
        return found

    # ---- the move ----------------------------------------------------------------------------------------

    def perform(self, subject: models.Model, name: str, actor: Any, note: str = "", **context) -> models.Model:
        """
        Perform the transition ``name`` on ``subject`` as ``actor`` (None for the system); ``context`` is
        handed to the guards and effects. Returns the row as stored; the caller's instance is refreshed too.
        """
        row = self.transitions.get(name)
        if row is None:
            raise TransitionRefused(_("Unknown action '{name}'.").format(name=name), field="action")
        note = (note or "").strip()
        with transaction.atomic():
            locked = (self.model.objects.select_for_update().select_related(*self.select_related)
                      .get(pk=subject.pk))
            if not self.may_perform(name, actor, locked):
                raise NotPermitted(_("You may not {action} this {subject}.").format(
                    action=row.label, subject=self.noun))
            current = self.state_of(locked)
            if current not in row.sources:
                shown = getattr(locked, f"get_{self.state_field}_display")()
                raise TransitionRefused(_("Cannot {action} a {subject} that is {state}.").format(
                    action=row.label, subject=self.noun, state=str(shown).lower()))
            if row.requires_note and not note:
                raise ValidationFailed(_("Give a reason to {action} this {subject}.").format(
                    action=row.label, subject=self.noun), field="note")
            problems = self.problems(locked, name, actor, context)
            if problems:
                raise TransitionRefused(" ".join(str(problem) for problem in problems))
            effect = row.apply(locked, actor, note, context) if row.apply else ""
            setattr(locked, self.state_field, row.target)
            locked.save()
            audit.record(locked, self.program_of(locked), row.audit_action or name, actor, from_state=current,
                         to_state=row.target, note=" ".join(part for part in (note, effect) if part),
                         visibility=row.audit_visibility)
            # Receivers get the subject as this move left it, even when later moves in the same transaction
            # (a sweep catching up) change the row again.
            moved = copy.copy(locked)
            self._follow_up(row, moved, actor, current, note)
        if subject is not locked:
            subject.refresh_from_db()
        return locked

    def _follow_up(self, row, moved, actor, from_state, note):
        """What the move owes, in its transaction: it commits with the move or not at all."""
        if row.signal is not None:
            row.signal.send(sender=self.model, **{self.subject: moved})
        moved_by = {self.subject: moved, "transition": row.name, "actor": actor, "from_state": from_state,
                    "note": note}
        if self.signal is not None:
            self.signal.send(sender=self.model, **moved_by)
        if row.email:
            notifications.owe(template=row.email, audience=row.recipients, subject=moved)
        if row.event is not None:
            outbox.enqueue_event(signal=row.event, **row.event_data(moved))
        if self.committed_signal is not None:
            transaction.on_commit(lambda: self._after_commit(moved_by), robust=True)

    def _after_commit(self, moved_by):
        # Robust: the move committed, so a failing receiver is logged, never turned into an error for the caller.
        for receiver, error in self.committed_signal.send_robust(sender=self.model, **moved_by):
            if isinstance(error, Exception):
                log.error("Receiver %r of the %s workflow's committed signal failed: %r", receiver, self.subject,
                          error)

    def _row(self, name):
        try:
            return self.transitions[name]
        except KeyError:
            raise ValueError(f"The {self.subject} workflow has no transition {name!r}.") from None
