"""
Issue 15 item 5: what the domain says to people goes through gettext: the engine's refusals and transition
labels, guard problems, domain refusals, the emails' subjects and bodies, admin help texts. A compiled catalogue
of another language is what a person then reads; the states and their groups are ``TextChoices`` on the class.
"""

import subprocess

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import trans_real

from openedx_dcp import notifications
from openedx_dcp.exceptions import NotPermitted, TransitionRefused, ValidationFailed
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations import workflow
from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.programs.models import Cycle

FRENCH = {
    "Unknown action '{name}'.": "Action inconnue : « {name} ».",
    "You may not {action} this {subject}.": "Vous ne pouvez pas {action} cette {subject}.",
    "submit": "soumettre",
    "nomination": "candidature",
    "A peer nomination needs the nominee's consent before it can be submitted.":
        "Une nomination par un pair attend le consentement de la personne nommée.",
    "Kind must be 'self' or 'peer'.": "Le type est « self » ou « peer ».",
    "In screening": "En présélection",
    "Nomination submitted: %(nominee)s for %(track)s": "Nomination soumise : %(nominee)s pour %(track)s",
    "Hello %(name)s,": "Bonjour %(name)s,",
    "Why the rules changed.": "Pourquoi les règles ont changé.",
}


def _po(entries):
    body = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    for msgid, msgstr in entries.items():
        escape = lambda text: text.replace("\\", "\\\\").replace('"', '\\"')  # noqa: E731
        body += f'msgid "{escape(msgid)}"\nmsgstr "{escape(msgstr)}"\n\n'
    return body


@pytest.fixture
def french(tmp_path, settings):
    """A French catalogue with some of the domain's strings, compiled into a locale path of its own."""
    messages = tmp_path / "fr" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(_po(FRENCH), encoding="utf-8")
    subprocess.run(["msgfmt", "-o", str(messages / "django.mo"), str(messages / "django.po")], check=True)
    settings.LOCALE_PATHS = [str(tmp_path), *settings.LOCALE_PATHS]
    trans_real._translations = {}
    trans_real._default = None
    yield
    trans_real._translations = {}
    trans_real._default = None
    translation.activate(settings.LANGUAGE_CODE)


def test_the_engine_and_the_guards_refuse_in_the_persons_language(french, nomination, people):
    with translation.override("fr"):
        with pytest.raises(TransitionRefused, match="Action inconnue : « fly »."):
            workflow.perform(nomination, "fly", people["nominator"])
        with pytest.raises(NotPermitted, match="Vous ne pouvez pas soumettre cette candidature."):
            workflow.perform(nomination, "submit", people["learner"])
        with pytest.raises(TransitionRefused, match="Une nomination par un pair attend le consentement"):
            workflow.perform(nomination, "submit", people["nominator"])
        with pytest.raises(ValidationFailed, match="Le type est « self » ou « peer »."):
            nominations_api.create_nomination(cycle=nomination.cycle, track=nomination.track,
                                              nominator=people["nominator"], kind="other")
        assert str(Nomination(state=NominationState.SCREENING).get_state_display()) == "En présélection"
        assert str(nomination.cycle.program.rules_versions.model._meta.get_field("reason").help_text) == (
            "Pourquoi les règles ont changé."
        )
    # The same refusal in English, word for word as before.
    with pytest.raises(NotPermitted, match="You may not submit this nomination."):
        workflow.perform(nomination, "submit", people["learner"])


def test_emails_are_written_in_the_sites_language(french, nomination, settings):
    context = {"nomination": nomination, "program": nomination.cycle.program, "recipient": nomination.nominator}
    settings.LANGUAGE_CODE = "fr"
    sent = notifications.send(template="nomination_submitted", recipients=[nomination.nominator], context=context)
    assert sent == 1
    assert mail.outbox[-1].subject == "Nomination soumise : nominee pour Distinguished Engineer"
    assert mail.outbox[-1].body.startswith("Bonjour nominator,")
    with translation.override("en"):
        subject, body = notifications.render("nomination_submitted", context)
    assert (subject, body.splitlines()[0]) == ("Nomination submitted: nominee for Distinguished Engineer",
                                               "Hello nominator,")


def test_states_are_text_choices_with_their_groups_on_the_class():
    assert NominationState.ACTIVE | NominationState.INACTIVE < set(NominationState.values)
    assert NominationState.DRAFT in NominationState.ACTIVE and NominationState.SELECTED not in NominationState.ACTIVE
    assert MembershipState.LIVE | MembershipState.ENDED == set(MembershipState.values)
    assert not MembershipState.LIVE & MembershipState.ENDED
    assert Membership._meta.get_field("state").choices == MembershipState.choices
    assert Cycle.SCREENING is Cycle.Stage.SCREENING and Cycle._meta.get_field("stage").choices == Cycle.Stage.choices
    # The workflow's "withdraw" row reads the group, so a new active state is withdrawable by being in it.
    assert workflow.TRANSITIONS["withdraw"].sources == NominationState.ACTIVE
