"""
Issue 15 item 5: what the domain says to people goes through gettext: the engine's refusals and transition
labels, guard problems, domain refusals, the emails' subjects and bodies, admin help texts. A compiled catalogue
of another language is what a person then reads; the states and their groups are ``TextChoices`` on the class.
"""

import ast
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import trans_real

from openedx_dcp import notifications
from openedx_dcp.contributions import api as contributions_api
from openedx_dcp.credentials import api as credentials_api
from openedx_dcp.exceptions import NotPermitted, TransitionRefused, ValidationFailed
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations import workflow
from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.pages import labels
from openedx_dcp.programs.models import Cycle
from openedx_dcp.review import api as review_api

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
    "Each signal is an object.": "Chaque signal est un objet.",
    "Only program staff may do this.": "Seul le personnel du programme peut faire cela.",
    "{domain} issued no credential {id}.": "{domain} n'a émis aucun justificatif {id}.",
    "Screening": "Présélection",
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


def test_stage_groups_are_on_the_class():
    assert Cycle.Stage.PANEL_OPEN == {Cycle.Stage.NOMINATIONS, Cycle.Stage.SCREENING}
    assert Cycle.Stage.REVIEWED == {Cycle.Stage.DELIBERATION, Cycle.Stage.APPROVAL, Cycle.Stage.APPROVED,
                                    Cycle.Stage.ANNOUNCED}
    assert not Cycle.Stage.PANEL_OPEN & Cycle.Stage.REVIEWED
    assert NominationState.AWAITING_SCREENING == {NominationState.SUBMITTED, NominationState.SCREENING}
    # The panel's aggregate rule reads the group: a panelist sees it from deliberation on.
    assert review_api.may_see_panel_scores(stage=Cycle.Stage.DELIBERATION, reviewed_it=False)
    assert not review_api.may_see_panel_scores(stage=Cycle.Stage.EVALUATION, reviewed_it=False)


def test_signal_checks_review_refusals_verifier_and_page_labels_speak_the_persons_language(french, nomination,
                                                                                          people):
    site = nomination.cycle.program.site
    with translation.override("fr"):
        with pytest.raises(ValidationFailed, match="Chaque signal est un objet."):
            contributions_api.clean_signal_item(item=["not", "an", "object"])
        with pytest.raises(NotPermitted, match="Seul le personnel du programme peut faire cela."):
            review_api.require_cycle_action(user=people["learner"], cycle=nomination.cycle, action="screen")
        verification = credentials_api.verify_credential_id(site=site, credential_id="nothing-here")
        assert verification.reason == f"{site.domain} n'a émis aucun justificatif 'nothing-here'."
        assert verification.as_dict()["reason"] == verification.reason  # a plain string, ready for JSON
        # The pages read the labels from the TextChoices: one place for each label, translated there.
        assert labels.label(labels.CYCLE_STAGES, Cycle.Stage.SCREENING) == "Présélection"
        assert labels.label(labels.NOMINATION_STATES, NominationState.SCREENING) == "En présélection"
        assert labels.label(labels.CYCLE_STAGES, "no-such-stage") == "no-such-stage"
    with pytest.raises(NotPermitted, match="Only program staff may do this."):
        review_api.require_cycle_action(user=people["learner"], cycle=nomination.cycle, action="screen")


# The domain's refusals (and the admin's messages) are for people: a literal message goes through gettext.
_REFUSALS = {"DcpError", "ValidationFailed", "RuleViolation", "TransitionRefused", "NotPermitted", "NotFound"}


def _untranslated_messages(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        message = node.args[1] if name == "message_user" and len(node.args) > 1 else node.args[0]
        literal = isinstance(message, ast.JoinedStr) or (
            isinstance(message, ast.Constant) and isinstance(message.value, str))
        if literal and (name in _REFUSALS or name == "message_user"):
            yield f"{path}:{node.lineno}: {name}"


def test_no_domain_refusal_or_admin_message_is_left_untranslated():
    package = Path(__file__).resolve().parents[1] / "openedx_dcp"
    found = [line for path in sorted(package.rglob("*.py")) if "migrations" not in path.parts
             for line in _untranslated_messages(path)]
    assert found == []
