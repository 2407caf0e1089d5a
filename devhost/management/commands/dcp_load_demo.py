"""
Load demo data into the dev host: two tenants, a program with the four tracks, a cycle open for nominations,
users in every role (logins printed) and nominations in several states. Safe to run again: when the demo
program exists already it only moves the tenants to the address served now (``make dev HOST=… PORT=…``,
devhost/tenants.py), re-issuing the demo credentials whose ids named the old address, and prints the logins.
"""

import datetime
import logging
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from openedx_dcp.contributions.models import ContributionSignal, TenantCourseOrg
from openedx_dcp.credentials import keys
from openedx_dcp.engagement.citations import api as citations_api
from openedx_dcp.engagement.feedback import api as feedback_api
from openedx_dcp.engagement.feedback.models import FeedbackRound
from openedx_dcp.engagement.intake import api as intake_api
from openedx_dcp.engagement.mentoring import api as mentoring_api
from openedx_dcp.engagement.stories import api as stories_api
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import EngagementKind, Membership
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Affiliation, CommunityRole, Organization, Program, ProgramStaff
from openedx_dcp.review import api as review_api
from openedx_dcp.tenancy import public_base_url, public_url

PASSWORD = "dcp-demo"
TENANT_A_NAME = "Tenant A (dev LMS)"
TENANT_B_NAME = "Tenant B"

PEOPLE = [
    # username, role shown, community role in tenant A
    ("admin", "superuser (operator)", None),
    ("staff", "program staff of tenant A", None),
    ("staff_b", "program staff of tenant B (sees nothing of A)", None),
    ("nominator", "nominator (peer nominations)", None),
    ("nominee", "nominee (must consent to peer nominations)", None),
    ("ada", "nominee who nominated herself", None),
    ("core1", "endorser: core contributor", CommunityRole.CORE_CONTRIBUTOR),
    ("core2", "endorser: core contributor", CommunityRole.CORE_CONTRIBUTOR),
    ("partner_rep", "endorser: partner representative of Acme Learning", CommunityRole.PARTNER_REPRESENTATIVE),
    ("steward", "endorser: steward representative", CommunityRole.STEWARD_REPRESENTATIVE),
    ("toc", "TOC member", CommunityRole.TOC_MEMBER),
    ("learner", "learner without any role", None),
]
# Printed with the logins: the panelists of the demo's cycles (community members, no is_staff).
PANEL_LOGINS = [
    ("panel_<seat>_<n>", "panelists (e.g. panel_toc_member_0, panel_steward_representative_0): review on /dcp/"),
    ("core1", "also a panelist of the 2026 cycles, conflicted on their nominations (endorsed them)"),
]


class Command(BaseCommand):
    help = "Load the dev host's demo data and print the logins."

    def handle(self, *args, **options):
        self._ensure_dev_keys()
        # The demo's emails (sent on commit) go nowhere, and Celery's eager task log stays quiet.
        logging.getLogger("celery").setLevel(logging.WARNING)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            with transaction.atomic():
                summary = self._load()
        for line in summary:
            self.stdout.write(line)

    def _place_tenants(self):
        """
        Sites A (``SITE_ID`` 1) and B (found by name) on the domains of ``settings.DCP_DEV_TENANTS``; returns
        ``(site_a, site_b, moved)``, ``moved`` when an existing site changed domain.
        """
        domain_a, domain_b = settings.DCP_DEV_TENANTS
        site_a = Site.objects.filter(pk=1).first()
        site_b = Site.objects.filter(name=TENANT_B_NAME).exclude(pk=1).first()
        moved = any(site is not None and site.domain != domain
                    for site, domain in ((site_a, domain_a), (site_b, domain_b)))
        # Free both domains first: going from HOST=127.0.0.1 to HOST=localhost swaps them, and Site.domain is unique.
        for site in (site_a, site_b):
            if site is not None:
                site.domain = f"moving-{site.pk}.invalid"
                site.save(update_fields=["domain"])
        site_a, _ = Site.objects.update_or_create(pk=1, defaults={"domain": domain_a, "name": TENANT_A_NAME})
        if site_b is None:
            site_b = Site.objects.create(domain=domain_b, name=TENANT_B_NAME)
        else:
            site_b.domain = domain_b
            site_b.save(update_fields=["domain"])
        Site.objects.clear_cache()
        return site_a, site_b, moved

    def _move_demo(self, site_a, site_b):
        """
        The demo, loaded on another address: the program's URL and the credentials follow. Credential ids and
        signatures name the old address, so the demo's credentials are issued again (a dev database only).
        """
        from openedx_dcp.credentials import api as credentials_api
        from openedx_dcp.credentials.models import BadgeCredential

        Program.objects.filter(site=site_a, slug="dcp").update(url=public_url(site_a, "/"))
        programs = Program.objects.filter(site__in=[site_a, site_b])
        BadgeCredential.objects.filter(program__in=programs).delete()
        reissued = sum(credentials_api.issue_missing_credentials(program=program) for program in programs)
        return (f"Moved the demo's tenants to {site_a.domain} and {site_b.domain}; "
                f"{reissued} credentials issued again with ids on the new address.")

    def _load(self):
        """Everything, in one transaction; returns the lines to print once it is committed."""
        site_a, site_b, moved = self._place_tenants()
        if Program.objects.filter(site=site_a, slug="dcp").exists():
            lines = [self._move_demo(site_a, site_b)] if moved else []
            return [*lines, "Demo data already loaded (delete dev.db to start afresh).", *self._logins()]

        users = {}
        User = get_user_model()
        for username, _label, _role in PEOPLE:
            user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
            user.is_superuser = username == "admin"
            user.is_staff = username in ("admin", "staff", "staff_b")
            user.set_password(PASSWORD)
            user.save()
            users[username] = user

        program = programs_api.create_program(
            site=site_a, slug="dcp", name="Open edX Distinguished Contributor Program", actor=users["admin"],
            organization_name="Open edX community", url=public_url(site_a, "/"),
            description="Recognizes the people and organizations who push Open edX forward.",
        )
        program_b = programs_api.create_program(site=site_b, slug="dcp", name="Tenant B Contributor Program",
                                                actor=users["admin"])
        ProgramStaff.objects.create(program=program, user=users["staff"])
        ProgramStaff.objects.create(program=program_b, user=users["staff_b"])
        # Events from courses of these course-key orgs count for the tenant (docs/signals.md).
        TenantCourseOrg.objects.update_or_create(org="OpenedX", defaults={"site": site_a})
        TenantCourseOrg.objects.update_or_create(org="TenantB", defaults={"site": site_b})
        acme = Organization.objects.create(site=site_a, slug="acme", name="Acme Learning", size=40)
        year_ago = timezone.now().date() - datetime.timedelta(days=365)
        for username, _label, role in PEOPLE:
            if role:
                CommunityRole.objects.create(program=program, user=users[username], role=role, start=year_ago,
                                             organization=acme if role == CommunityRole.PARTNER_REPRESENTATIVE
                                             else None)
        Affiliation.objects.create(user=users["partner_rep"], organization=acme, start=year_ago)

        now = timezone.now()
        cycle = programs_api.create_cycle(
            program=program, slug="2026", name="2026 cohort", nominations_open=now - datetime.timedelta(days=7),
            nominations_close=now + datetime.timedelta(days=45),
            review_start=now + datetime.timedelta(days=46), review_end=now + datetime.timedelta(days=60),
            announcement_at=now + datetime.timedelta(days=76),
            actor=users["staff"],
        )
        programs_api.create_cycle(
            program=program_b, slug="2026", name="Tenant B 2026", nominations_open=now - datetime.timedelta(days=7),
            nominations_close=now + datetime.timedelta(days=45),
            review_start=now + datetime.timedelta(days=46), review_end=now + datetime.timedelta(days=60),
            announcement_at=now + datetime.timedelta(days=76),
        )
        engineer = program.tracks.get(slug="engineer")
        advocate = program.tracks.get(slug="advocate")
        partner = program.tracks.get(slug="partner")
        three_years_ago = now - datetime.timedelta(days=3 * 365)
        for i, username in enumerate(("nominee", "ada")):
            ContributionSignal.objects.create(
                site=site_a, user=users[username], kind="code_contribution", source="github",
                source_id=f"demo-{username}-{i}", occurred_at=three_years_ago,
                url="https://github.com/openedx/edx-platform/pulls",
            )
        content = {
            "summary": "Maintains the course authoring MFE and reviews platform pull requests.",
            "impact_statement": "Her work is deployed by most Tutor operators; 120 merged pull requests.",
            "references": "Acme Learning; the Build-Test-Release working group",
            "evidence_links": ["https://github.com/openedx/frontend-app-authoring/pulls"],
        }
        # 1. A peer nomination waiting for the nominee's consent, with two endorsements.
        waiting = nominations_api.create_nomination(cycle=cycle, track=engineer, nominator=users["nominator"],
                                                    kind="peer",
                                                    nominee_user=users["nominee"], **content)
        for username in ("core1", "steward"):
            # Before the nominee's consent, only the people the nominator asked see the nomination (R26).
            review_api.request_endorsement(nomination=waiting, actor=users["nominator"], endorser=users[username])
            nominations_api.endorse(nomination=waiting, endorser=users[username])
        # 2. A self-nomination with three endorsements including the steward: ready to submit.
        ready = nominations_api.create_nomination(cycle=cycle, track=advocate, nominator=users["ada"], kind="self",
                                                  **content)
        for username in ("core1", "core2", "steward"):
            nominations_api.endorse(nomination=ready, endorser=users[username])
        # 3. A submitted Partner nomination (peer, consented by the partner representative).
        submitted = nominations_api.create_nomination(cycle=cycle, track=partner, nominator=users["nominator"],
                                                      kind="peer",
                                                      nominee_organization=acme, **content)
        nominations_api.give_consent(nomination=submitted, actor=users["partner_rep"])
        for username in ("core1", "core2", "steward"):
            nominations_api.endorse(nomination=submitted, endorser=users[username])
        nominations_api.submit(nomination=submitted, actor=users["nominator"], note="Demo")
        # 4. A withdrawn nomination.
        withdrawn = nominations_api.create_nomination(cycle=cycle, track=advocate, nominator=users["nominator"],
                                                      kind="peer",
                                                      nominee_user=users["learner"], **content)
        nominations_api.withdraw(nomination=withdrawn, actor=users["nominator"],
                                 note="Nominee asked not to be nominated.")

        cohort = self._first_cohort(program, engineer, users, content)
        panel = self._seat_open_panel(cycle, users)
        in_review = self._cycle_in_review(program, engineer, users, content)
        awaiting = self._cycle_awaiting_approval(program, engineer, users, content)
        intake = self._engagement_intake_and_mentoring(program, cycle, engineer, users)
        stories = self._stories_and_citations(program, users)
        feedback_lines = self._feedback(program, users)

        return [
            self.style.SUCCESS("Demo data loaded."),
            *self._logins(),
            "Nominations: #%d waiting for consent, #%d ready to submit, #%d submitted, #%d withdrawn."
            % (waiting.pk, ready.pk, submitted.pk, withdrawn.pk),
            f"The 2025 cohort was announced on 2025-07-01: {', '.join(cohort)} are Distinguished Engineers "
            "(memberships and signed credentials); the panel's logins are panel_<seat>_<n>.",
            f"The 2026 cohort's panel is seated ({', '.join(panel)}); core1 sits on it and endorsed its "
            "nominations, so they are hidden from core1 (conflict of interest).",
            f"{in_review.name} is in impact evaluation: panelists review at {public_url(site_a, '/dcp/dcp/review/')} "
            f"(panel_toc_member_0 has a review in progress); staff run it at "
            f"{public_url(site_a, f'/admin/openedx_dcp/cyclereview/{in_review.pk}/board/')}.",
            f"{awaiting.name} awaits the steward representative's approval: sign in as steward and open "
            f"{public_url(site_a, f'/dcp/dcp/cycles/{awaiting.slug}/approval/')} (linked from the program page).",
            *intake,
            *stories,
            *feedback_lines,
        ]

    def _engagement_intake_and_mentoring(self, program, cycle, track, users):
        """
        Issue #14 (intake): an open accomplishment survey on the 2026 cycle with a few submissions (a duplicate
        merged, one shown, one linked to core2 and turned into a peer nomination draft waiting for consent), and a
        mentoring pair under way: grace (2025 cohort, opted in to mentoring and validating) mentors learner.
        """
        staff, now = users["staff"], timezone.now()
        survey = intake_api.open_survey(
            program=program, cycle=cycle, actor=staff, title="Accomplishments of 2026",
            opens_at=now - datetime.timedelta(days=3), closes_at=now + datetime.timedelta(days=30),
            introduction="Tell us the year's most important accomplishments in the Open edX community.")
        submit = intake_api.submit_accomplishment
        mfe = submit(survey=survey, actor=users["core2"], track=track, title="The new course authoring MFE",
                     why="Every Tutor operator now authors courses in it.",
                     links=["https://github.com/openedx/frontend-app-authoring"])
        duplicate = submit(survey=survey, actor=users["learner"], track=track, title="Course authoring MFE",
                           why="Authoring is so much faster.", links=["https://discuss.openedx.org/t/authoring"])
        submit(survey=survey, actor=users["ada"], track=program.tracks.get(slug="advocate"),
               title="Open edX meetups in three countries", why="Brought in two new operators.")
        intake_api.merge(duplicate=duplicate, kept=mfe, actor=staff)
        intake_api.set_shown(accomplishment=mfe, actor=staff, shown=True)
        link = intake_api.link_party(accomplishment=mfe, actor=staff, username="core2")
        drafted = intake_api.nominate_from_link(link=link, actor=staff)
        grace = get_user_model().objects.get(username="grace")
        membership = Membership.objects.get(program=program, user=grace)
        for kind in (EngagementKind.MENTORING, EngagementKind.VALIDATING_NOMINATIONS):
            membership_api.set_engagement(membership=membership, actor=grace, kind=kind, opted_in=True)
        pair = mentoring_api.request_mentoring(program=program, actor=users["learner"], mentor_username="grace",
                                               message="I would like to learn XBlock development.")
        mentoring_api.accept(pair, grace)
        return [
            f"Accomplishment survey open: {public_url(program.site, '/dcp/dcp/accomplishments/')} (staff curate at "
            f"/dcp/dcp/accomplishments/manage/); its MFE accomplishment became nomination #{drafted.pk} of core2, "
            "waiting for consent.",
            "Mentoring: grace (opted in) mentors learner; see /dcp/dcp/mentoring/.",
        ]

    def _stories_and_citations(self, program, users):
        """A published story about grace (she consented) and two people citing the program (issue 14)."""
        User = get_user_model()
        grace = User.objects.get(username="grace")
        story = stories_api.create_story(
            program=program, actor=users["staff"], subject_user=grace,
            title="Grace keeps the authoring MFE moving",
            summary="How one maintainer made course authoring faster for every Tutor operator.",
            body=("Grace started with a one-line fix in 2021. Four years later she maintains the **course "
                  "authoring MFE**, reviews a dozen pull requests a week and mentors new contributors.\n\n"
                  "## What changed\n\n- Course outlines load in under a second\n- New contributors get a first "
                  "review within two days\n\n> The best way to thank a maintainer is to review their pull "
                  "request. -- Grace"),
            links=["https://github.com/openedx/frontend-app-authoring"],
        )
        stories_api.give_consent(story=story, actor=grace)
        stories_api.publish_story(story=story, actor=users["staff"])
        for username, statement in (("learner", "A spotlight story made me open my first pull request."),
                                    ("nominator", "Seeing the first cohort recognized got me to join a WG.")):
            citations_api.record_citation(program=program, user=users[username], statement=statement)
        return [f"A story about grace is published (she consented): {public_url(program.site, '/dcp/dcp/stories/')}; "
                "learner and nominator said the program motivated them (dashboard: new contributors citing it)."]

    # ---- feedback rounds (R20) and a program change they motivated (KR 3.3): engagement.feedback ----

    def _feedback(self, program, users):
        """
        A closed anonymous community survey (with the awareness question, KR 1.3), a closed named check-in of
        the members, and an open anonymous round anyone signed in may answer; then a rules change that cites
        the survey. Returns the lines to print.
        """
        User = get_user_model()
        staff = users["staff"]
        now = timezone.now()
        survey = self._feedback_round(program, staff, "community-2026", "Community survey 2026", anonymous=True,
                                      audience="signed_in", awareness=True)
        voices = [("grace", 5, "Newsletter", "More mentoring for first-time contributors."),
                  ("linus", 4, "Conference", "The nomination form asks for too many references."),
                  ("core1", 4, "Slack", "Publish the panel's criteria earlier."),
                  ("core2", 3, "Newsletter", ""), ("steward", 5, "Conference", "Keep the steward endorsement."),
                  ("toc", 2, "I had not heard of it", "Announce the cycle on the forum too."),
                  ("partner_rep", 4, "Slack", "Three references is a lot for a small partner.")]
        for username, number, channel, text in voices:
            self._feedback_answer(survey, User.objects.get(username=username), number, channel, text)
        checkin = self._feedback_round(program, staff, "members-checkin-2026", "Members' check-in 2026",
                                       anonymous=False, audience="members", awareness=False)
        self._feedback_answer(checkin, User.objects.get(username="grace"), 5, "Mentoring", "Happy to mentor.")
        self._feedback_answer(checkin, User.objects.get(username="linus"), 3, "Speaking", "")
        for feedback_round in (survey, checkin):
            feedback_api.close_round(feedback_round=feedback_round, actor=staff)
        # The closed rounds ran last spring (a demo may date its past as it likes: the cycles above do too).
        FeedbackRound.objects.filter(pk__in=[survey.pk, checkin.pk]).update(
            opens_at=now - datetime.timedelta(days=120), closes_at=now - datetime.timedelta(days=90))
        open_round = self._feedback_round(program, staff, "nomination-form-2026", "How was nominating?",
                                          anonymous=True, audience="signed_in", awareness=False)
        feedback_api.change_rules_from_feedback(
            program=program, actor=staff, feedback_round=survey, min_endorsements=2,
            reason="Partners and members found three references too many for small organizations: from the next "
                   "cycle a nomination needs two endorsements (one still from a steward representative).")
        return [
            f"Feedback: '{survey.title}' (anonymous, closed, {len(voices)} answers) and '{checkin.title}' (named, "
            f"closed) have results at {public_url(program.site, '/dcp/dcp/feedback/')} (sign in as staff); "
            f"'{open_round.title}' is open to everyone signed in; the survey motivated rules version 2 "
            "(on the dashboard).",
        ]

    @staticmethod
    def _feedback_round(program, staff, slug, title, *, anonymous, audience, awareness):
        now = timezone.now()
        feedback_round = feedback_api.create_round(
            program=program, actor=staff, slug=slug, title=title, audience=audience, anonymous=anonymous,
            description="Tell the program what works and what should change.",
            opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=21))
        feedback_api.save_question(feedback_round=feedback_round, actor=staff, order=1, kind="scale",
                                   prompt="How useful is the program to the community?",
                                   help_text="1 is not useful, 5 is very useful.")
        if awareness:
            feedback_api.save_question(
                feedback_round=feedback_round, actor=staff, order=2, kind="choice",
                prompt="Had you heard of the program before this survey, and where?",
                choices=["I had not heard of it", "Newsletter", "Slack", "Conference", "Blog"],
                measures_awareness=True, not_aware_choice="I had not heard of it")
        else:
            feedback_api.save_question(
                feedback_round=feedback_round, actor=staff, order=2, kind="choice",
                prompt="Which follow-on engagement interests you most?",
                choices=["Mentoring", "Validating nominations", "Speaking", "Working groups"])
        feedback_api.save_question(feedback_round=feedback_round, actor=staff, order=3, kind="text",
                                   prompt="What should the program change?", required=False)
        feedback_api.open_round(feedback_round=feedback_round, actor=staff)
        return feedback_round

    @staticmethod
    def _feedback_answer(feedback_round, user, number, choice, text):
        scale, pick, free = feedback_round.questions.order_by("order")
        feedback_api.submit_response(feedback_round=feedback_round, user=user,
                                     answers={scale.pk: number, pick.pk: choice, free.pk: text})

    def _first_cohort(self, program, track, users, content):
        """
        The seeds' first cycle (nominations 15 Apr–31 May 2025, review 1–15 Jun, announcement 1 Jul 2025),
        walked through the real review API: panel within quotas, screening, three reviews each, decisions,
        steward approval, announcement. Returns the usernames of the announced members.
        """

        now = timezone.now()
        cycle = programs_api.create_cycle(
            program=program, slug="2025", name="First cohort (2025)", nominations_open=now - datetime.timedelta(days=1),
            nominations_close=now + datetime.timedelta(days=1),
            review_start=now + datetime.timedelta(days=2), review_end=now + datetime.timedelta(days=3),
            announcement_at=now + datetime.timedelta(days=4),
        )
        User = get_user_model()
        nominees = []
        for username in ("grace", "linus", "margaret"):
            nominee, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
            nominee.set_password(PASSWORD)
            nominee.save()
            ContributionSignal.objects.get_or_create(
                site=program.site, source="github", source_id=f"demo-{username}-first",
                defaults={"user": nominee, "kind": "code_contribution", "occurred_at": datetime.datetime(
                    2021, 3, 1, tzinfo=datetime.timezone.utc)},
            )
            nomination = nominations_api.create_nomination(cycle=cycle, track=track, nominator=users["nominator"],
                                                           kind="peer",
                                                           nominee_user=nominee, **content)
            nominations_api.give_consent(nomination=nomination, actor=nominee)
            for endorser in ("core1", "core2", "steward"):
                nominations_api.endorse(nomination=nomination, endorser=users[endorser])
            nominations_api.submit(nomination=nomination, actor=users["nominator"])
            nominees.append(nomination)
        utc = datetime.timezone.utc
        type(cycle).objects.filter(pk=cycle.pk).update(
            nominations_open=datetime.datetime(2025, 4, 15, tzinfo=utc),
            nominations_close=datetime.datetime(2025, 6, 1, tzinfo=utc),
            review_start=datetime.datetime(2025, 6, 1, tzinfo=utc),
            review_end=datetime.datetime(2025, 6, 16, tzinfo=utc),
            announcement_at=datetime.datetime(2025, 7, 1, 9, tzinfo=utc),
        )
        cycle.refresh_from_db()
        staff = users["staff"]
        approver = None
        for seat, (minimum, _maximum) in cycle.rules.threshold("panel_quotas").items():
            for index in range(minimum):
                # Panelists are community members: never the platform's is_staff (global course staff in
                # the LMS); they review on the program's pages.
                panelist, _ = User.objects.get_or_create(username=f"panel_{seat}_{index}",
                                                         defaults={"email": f"panel_{seat}_{index}@example.com"})
                panelist.set_password(PASSWORD)
                panelist.save()
                CommunityRole.objects.create(program=program, user=panelist, role=seat,
                                             start=datetime.date(2024, 1, 1))
                review_api.add_panelist(cycle=cycle, user=panelist, seat=seat, actor=staff)
                if seat == CommunityRole.STEWARD_REPRESENTATIVE:
                    approver = panelist
        review_api.screen_cycle(cycle=cycle, actor=staff)
        review_api.start_evaluation(cycle=cycle, actor=staff)
        review_api.assign_reviewers(cycle=cycle, actor=staff)
        keys = [criterion["key"] for criterion in cycle.rules.track(track.slug)["rubric"]]
        for number, nomination in enumerate(nominees):
            for assignment in nomination.review_assignments.select_related("panelist__user"):
                scores = dict.fromkeys(keys, 5 - number)
                review_api.submit_review(nomination=nomination, user=assignment.panelist.user, scores=scores,
                                         comment="Demo review.")
        review_api.start_deliberation(cycle=cycle, actor=staff)
        outcomes = ["selected", "selected", "not_selected"]
        for nomination, outcome in zip(nominees, outcomes):
            review_api.stage_decision(nomination=nomination, actor=staff, outcome=outcome,
                                      rationale=f"Panel consensus: {outcome.replace('_', ' ')}.")
        review_api.request_approval(cycle=cycle, actor=staff)
        review_api.approve(cycle=cycle, actor=approver)
        review_api.release_decisions(cycle=cycle, actor=staff)
        review_api.announce_cohort(cycle=cycle, actor=staff)
        return [n.nominee_user.username for n, outcome in zip(nominees, outcomes) if outcome == "selected"]

    @staticmethod
    def _panel_of(cycle, users):
        """The seeds' minimum panel of ``cycle``'s quotas, from the panel_<seat>_<n> people; core1 takes the
        second core contributor seat (they endorsed the cycle's nominations: a conflict of interest, R10)."""
        User = get_user_model()
        panel = []
        quotas = programs_api.cycle_rules(cycle=cycle).threshold("panel_quotas")
        for seat, (minimum, _maximum) in sorted(quotas.items()):
            for index in range(minimum):
                if seat == CommunityRole.CORE_CONTRIBUTOR and index == 1:
                    panel.append((users["core1"], seat))
                else:
                    panel.append((User.objects.get(username=f"panel_{seat}_{index}"), seat))
        return panel

    def _seat_open_panel(self, cycle, users):
        """Seat the open cycle's panel (R9) through the review API; returns the usernames."""
        from openedx_dcp.review import api as review_api

        panel = self._panel_of(cycle, users)
        for user, seat in panel:
            review_api.add_panelist(cycle=cycle, user=user, seat=seat, actor=users["staff"])
        return [user.username for user, _seat in panel]

    def _cycle_in_review(self, program, track, users, content):
        """
        A cycle in impact evaluation, so panelists can score on the pages and staff can follow on the board:
        three screened nominations, the same panel as the open cycle (core1 conflicted on all three),
        reviewers assigned; one panelist has a review in progress.
        """
        from openedx_dcp.review import api as review_api

        now = timezone.now()
        cycle = programs_api.create_cycle(
            program=program, slug="2026-spring", name="Spring 2026 review (demo)",
            nominations_open=now - datetime.timedelta(days=1),
            nominations_close=now + datetime.timedelta(days=1), review_start=now + datetime.timedelta(days=2),
            review_end=now + datetime.timedelta(days=30),
            announcement_at=now + datetime.timedelta(days=40),
        )
        User = get_user_model()
        for username in ("alan", "barbara", "ken"):
            nominee, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
            nominee.set_password(PASSWORD)
            nominee.save()
            ContributionSignal.objects.get_or_create(
                site=program.site, source="github", source_id=f"demo-{username}-spring",
                defaults={"user": nominee, "kind": "code_contribution", "url": "https://github.com/openedx",
                          "occurred_at": datetime.datetime(2022, 5, 1, tzinfo=datetime.timezone.utc)},
            )
            nomination = nominations_api.create_nomination(cycle=cycle, track=track, nominator=users["nominator"],
                                                           kind="peer",
                                                           nominee_user=nominee, **content)
            nominations_api.give_consent(nomination=nomination, actor=nominee)
            for endorser in ("core1", "core2", "steward"):
                nominations_api.endorse(nomination=nomination, endorser=users[endorser])
            nominations_api.submit(nomination=nomination, actor=users["nominator"])
        # Nominations closed yesterday; the review runs for four more weeks.
        type(cycle).objects.filter(pk=cycle.pk).update(nominations_close=now - datetime.timedelta(hours=1),
                                                       review_start=now - datetime.timedelta(minutes=30),
                                                       nominations_open=now - datetime.timedelta(days=30))
        cycle.refresh_from_db()
        staff = users["staff"]
        for user, seat in self._panel_of(cycle, users):
            review_api.add_panelist(cycle=cycle, user=user, seat=seat, actor=staff)
        review_api.screen_cycle(cycle=cycle, actor=staff)
        review_api.start_evaluation(cycle=cycle, actor=staff)
        review_api.assign_reviewers(cycle=cycle, actor=staff)
        toc = User.objects.get(username="panel_toc_member_0")
        started = cycle.nominations.filter(review_assignments__panelist__user=toc).order_by("pk").first()
        if started is not None:
            review_api.save_review_draft(nomination=started, user=toc, scores={"depth": 4},
                                         comment="Strong reviews record.")
        return cycle

    def _cycle_awaiting_approval(self, program, track, users, content):
        """
        A cycle whose final list waits for a steward representative's approval (R11), so the steward's page can
        be tried: three nominations reviewed by the panel, two selected and one not, decisions staged and
        approval requested by staff. Any steward representative of the program (``steward``) approves it.
        """
        now = timezone.now()
        cycle = programs_api.create_cycle(
            program=program, slug="2025-autumn", name="Autumn 2025 cohort (demo: awaiting approval)",
            nominations_open=now - datetime.timedelta(days=1),
            nominations_close=now + datetime.timedelta(days=1), review_start=now + datetime.timedelta(days=2),
            review_end=now + datetime.timedelta(days=3),
            announcement_at=now + datetime.timedelta(days=20),
        )
        User = get_user_model()
        nominations = []
        for username in ("hedy", "dennis", "frances"):
            nominee, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
            nominee.set_password(PASSWORD)
            nominee.save()
            ContributionSignal.objects.get_or_create(
                site=program.site, source="github", source_id=f"demo-{username}-autumn",
                defaults={"user": nominee, "kind": "code_contribution", "url": "https://github.com/openedx",
                          "occurred_at": datetime.datetime(2021, 9, 1, tzinfo=datetime.timezone.utc)},
            )
            nomination = nominations_api.create_nomination(cycle=cycle, track=track, nominator=users["nominator"],
                                                           kind="peer",
                                                           nominee_user=nominee, **content)
            nominations_api.give_consent(nomination=nomination, actor=nominee)
            for endorser in ("core1", "core2", "steward"):
                nominations_api.endorse(nomination=nomination, endorser=users[endorser])
            nominations_api.submit(nomination=nomination, actor=users["nominator"])
            nominations.append(nomination)
        # Nominations closed weeks ago and the review is over; the announcement is in three weeks. The dates
        # keep it behind the open 2026 cycle on the program page.
        type(cycle).objects.filter(pk=cycle.pk).update(
            nominations_open=now - datetime.timedelta(days=90), nominations_close=now - datetime.timedelta(days=40),
            review_start=now - datetime.timedelta(days=40), review_end=now - datetime.timedelta(days=10),
        )
        cycle.refresh_from_db()
        staff = users["staff"]
        for user, seat in self._panel_of(cycle, users):
            review_api.add_panelist(cycle=cycle, user=user, seat=seat, actor=staff)
        review_api.screen_cycle(cycle=cycle, actor=staff)
        review_api.start_evaluation(cycle=cycle, actor=staff)
        review_api.assign_reviewers(cycle=cycle, actor=staff)
        keys = [criterion["key"] for criterion in cycle.rules.track(track.slug)["rubric"]]
        for number, nomination in enumerate(nominations):
            for assignment in nomination.review_assignments.select_related("panelist__user"):
                review_api.submit_review(nomination=nomination, user=assignment.panelist.user,
                                         scores=dict.fromkeys(keys, 5 - number),
                                         comment="Demo review.")
        review_api.start_deliberation(cycle=cycle, actor=staff)
        for nomination, outcome in zip(nominations, ("selected", "selected", "not_selected")):
            review_api.stage_decision(nomination=nomination, actor=staff, outcome=outcome,
                                      rationale=f"Panel consensus: {outcome.replace('_', ' ')} (demo).")
        review_api.request_approval(cycle=cycle, actor=staff)
        return cycle

    def _ensure_dev_keys(self):
        """Create the dev host's credential signing keys (dev-keys/, gitignored) the first time."""
        for entries in settings.DCP_CREDENTIAL_KEYS.values():
            for entry in entries:
                path = Path(entry["private_key_path"])
                if not path.exists():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(keys.generate_private_key_pem(entry["alg"]), encoding="ascii")
                    path.chmod(0o600)
                    self.stdout.write(f"Generated the dev signing key {path}")

    @staticmethod
    def _logins():
        # The addresses the program hands out (DCP_PUBLIC_BASE_URL, ADR 0017), as the tenants' sites are named.
        tenant_a, tenant_b = (public_base_url(Site(domain=domain)) for domain in settings.DCP_DEV_TENANTS)
        lines = [
            f"Tenant A: {tenant_a}/  (tenant B: {tenant_b}/)",
            f"API: {tenant_a}/api/dcp/v1/  docs: {tenant_a}/api/dcp/v1/docs/  admin: {tenant_a}/admin/",
            f"Every login below has the password '{PASSWORD}':",
        ]
        return lines + [f"  {username:<12} {label}" for username, label, _role in PEOPLE] + [
            f"  {username:<12} {label}" for username, label in PANEL_LOGINS]
