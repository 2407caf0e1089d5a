"""
The one workflow engine (openedx_dcp.engine) on a throwaway workflow: a model no domain package knows
(tests/engine_app), whose table gains a "waitlisted" state by a choice, two rows and an email template, with
nothing else written. The real tables (nominations, cycles, memberships) are tested in their packages.
"""

import django.dispatch
import pytest
from django.core import mail
from django.utils import timezone

from openedx_dcp import engine, notifications
from openedx_dcp.audit import trail
from openedx_dcp.audit.models import AuditVisibility
from openedx_dcp.engine import Transition
from openedx_dcp.events import signals as events
from openedx_dcp.events.data import CohortData
from openedx_dcp.exceptions import NotPermitted, TransitionRefused, ValidationFailed
from openedx_dcp.outbox.models import OutboxMessage
from tests.engine_app.models import Ticket
from tests.factories import UserFactory, make_program, make_staff

State = Ticket.State

waitlisted = django.dispatch.Signal()
OWNER = notifications.register_audience(
    "test.ticket.owner", recipients=lambda ticket: [ticket.owner], context=lambda ticket: {"program": ticket.program}
)


def _is_owner(actor, ticket):
    return actor is not None and actor.pk == ticket.owner_id


def _seats_full(ticket, actor, context):
    return [] if context.get("full") else ["Seats are still free: admit the ticket instead."]


def _cohort(ticket):
    program = ticket.program
    return {"cohort": CohortData(site_domain=program.site.domain, program_slug=program.slug, cycle_slug="t",
                                 cycle_name=f"Ticket {ticket.pk}", size=1, announced_at=timezone.now())}


def _workflow():
    # The whole of a new state: the choice (Ticket.State.WAITLISTED), these two rows and the email template.
    return engine.Workflow(
        subject="ticket",
        model=Ticket,
        program_of=lambda ticket: ticket.program,
        select_related=("program__site", "owner"),
        transitions=[
            Transition("waitlist", "put on the waiting list", frozenset({State.OPEN}), State.WAITLISTED,
                       engine.is_system, guards=(_seats_full,), audit_action="waitlisted",
                       audit_visibility=AuditVisibility.PARTICIPANTS,
                       email="ticket_waitlisted", recipients=OWNER, event=events.COHORT_ANNOUNCED,
                       event_data=_cohort, signal=waitlisted),
            Transition("admit", "admit", frozenset({State.OPEN, State.WAITLISTED}), State.DONE, _is_owner,
                       requires_note=True),
        ],
    )


@pytest.fixture
def ticket(db):
    program = make_program()
    return Ticket.objects.create(program=program, owner=UserFactory(username="owner", email="owner@example.com"))


def test_a_new_state_needs_a_choice_a_row_and_a_template(ticket, django_capture_on_commit_callbacks):
    workflow = _workflow()
    heard = []

    def hear(sender, ticket, **kwargs):
        heard.append((sender, ticket.state))

    waitlisted.connect(hear)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            moved = workflow.perform(ticket, "waitlist", None, "  Full house.  ", full=True)
    finally:
        waitlisted.disconnect(hear)
    assert moved.state == ticket.state == State.WAITLISTED
    [line] = trail(ticket)
    assert (line.action, line.from_state, line.to_state, line.note, line.actor) == (
        "waitlisted", "open", "waitlisted", "Full house.", None
    )
    assert (line.program, line.visibility) == (ticket.program, AuditVisibility.PARTICIPANTS)
    assert heard == [(Ticket, State.WAITLISTED)]
    # The email and the event were owed in the move's transaction and delivered when it committed.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["owner@example.com"], f"Ticket #{ticket.pk} is on the waiting list of {ticket.program.name}")
    ]
    assert "Hello owner, your ticket waits" in mail.outbox[0].body
    kinds = sorted(OutboxMessage.objects.values_list("kind", "payload__event_type"))
    assert kinds == [("email", None), ("openedx_event", "org.openedx_dcp.cohort.announced.v1")]
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()


def test_the_engine_refuses_with_sentences_and_writes_nothing(ticket):
    workflow = _workflow()
    owner, stranger = ticket.owner, UserFactory(username="stranger")
    with pytest.raises(TransitionRefused, match="Seats are still free: admit the ticket instead."):
        workflow.perform(ticket, "waitlist", None)
    with pytest.raises(NotPermitted, match="You may not put on the waiting list this ticket."):
        workflow.perform(ticket, "waitlist", owner, full=True)
    with pytest.raises(NotPermitted, match="You may not admit this ticket."):
        workflow.perform(ticket, "admit", stranger, "Seat 4.")
    with pytest.raises(ValidationFailed, match="Give a reason to admit this ticket.") as refused:
        workflow.perform(ticket, "admit", owner, "   ")
    assert refused.value.field == "note"
    with pytest.raises(TransitionRefused, match="Unknown action 'close'."):
        workflow.perform(ticket, "close", owner)
    assert not trail(ticket).exists() and not OutboxMessage.objects.exists()
    ticket.refresh_from_db()
    assert ticket.state == State.OPEN
    workflow.perform(ticket, "admit", owner, "Seat 4.")
    with pytest.raises(TransitionRefused, match="Cannot admit a ticket that is done."):
        workflow.perform(ticket, "admit", owner, "Again.")
    # A row that does not say who reads its line leaves it to program staff (R26).
    assert list(trail(ticket).values_list("action", "actor", "visibility")) == [
        ("admit", owner.pk, AuditVisibility.STAFF)
    ]


def test_other_packages_extend_a_row_without_editing_it(ticket):
    workflow = _workflow()
    staff = make_staff(ticket.program)
    assert workflow.may_attempt(ticket, "admit", ticket.owner) and not workflow.may_attempt(ticket, "admit", staff)
    workflow.register_actor_check("admit", lambda actor, subject: actor == staff)
    workflow.register_guard("admit", lambda subject, actor, context: ["Not on Sundays."])
    assert workflow.available(ticket, staff) == ["admit"]
    assert workflow.problems(ticket, "admit", staff) == ["Not on Sundays."]
    with pytest.raises(TransitionRefused, match="Not on Sundays."):
        workflow.perform(ticket, "admit", staff, "Seat 1.")


def test_a_row_naming_a_state_the_model_lacks_is_refused_when_the_table_is_built():
    with pytest.raises(ValueError, match=r"names unknown states \['archived'\]"):
        engine.Workflow(subject="ticket", model=Ticket, program_of=lambda ticket: ticket.program, transitions=[
            Transition("archive", "archive", frozenset({State.DONE}), "archived", engine.is_system),
        ])
    with pytest.raises(ValueError, match="sends 'ticket_waitlisted' but says to nobody"):
        Transition("waitlist", "waitlist", frozenset({State.OPEN}), State.WAITLISTED, engine.is_system,
                   email="ticket_waitlisted")
