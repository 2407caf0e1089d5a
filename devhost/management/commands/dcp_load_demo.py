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
from openedx_dcp.engagement.feedback import api as feedback_api
from openedx_dcp.engagement.feedback.models import FeedbackRound
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Affiliation, CommunityRole, Organization, Program, ProgramStaff
from openedx_dcp.review import api as review_api

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

        Program.objects.filter(site=site_a, slug="dcp").update(url=f"http://{site_a.domain}/")
        programs = Program.objects.filter(site__in=[site_a, site_b])
        BadgeCredential.objects.filter(program__in=programs).delete()
        reissued = sum(credentials_api.issue_missing_credentials(program) for program in programs)
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
            site_a, "dcp", "Open edX Distinguished Contributor Program", actor=users["admin"],
            organization_name="Open edX community", url=f"http://{site_a.domain}/",
            description="Recognizes the people and organizations who push Open edX forward.",
        )
        program_b = programs_api.create_program(site_b, "dcp", "Tenant B Contributor Program", actor=users["admin"])
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
            program, "2026", "2026 cohort", now - datetime.timedelta(days=7), now + datetime.timedelta(days=45),
            now + datetime.timedelta(days=46), now + datetime.timedelta(days=60), now + datetime.timedelta(days=76),
            actor=users["staff"],
        )
        programs_api.create_cycle(
            program_b, "2026", "Tenant B 2026", now - datetime.timedelta(days=7), now + datetime.timedelta(days=45),
            now + datetime.timedelta(days=46), now + datetime.timedelta(days=60), now + datetime.timedelta(days=76),
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
        waiting = nominations_api.create_nomination(cycle, engineer, users["nominator"], "peer",
                                                    nominee_user=users["nominee"], **content)
        for username in ("core1", "steward"):
            # Before the nominee's consent, only the people the nominator asked see the nomination (R26).
            review_api.request_endorsement(waiting, users["nominator"], users[username])
            nominations_api.endorse(waiting, users[username])
        # 2. A self-nomination with three endorsements including the steward: ready to submit.
        ready = nominations_api.create_nomination(cycle, advocate, users["ada"], "self", **content)
        for username in ("core1", "core2", "steward"):
            nominations_api.endorse(ready, users[username])
        # 3. A submitted Partner nomination (peer, consented by the partner representative).
        submitted = nominations_api.create_nomination(cycle, partner, users["nominator"], "peer",
                                                      nominee_organization=acme, **content)
        nominations_api.give_consent(submitted, users["partner_rep"])
        for username in ("core1", "core2", "steward"):
            nominations_api.endorse(submitted, users[username])
        nominations_api.submit(submitted, users["nominator"], note="Demo")
        # 4. A withdrawn nomination.
        withdrawn = nominations_api.create_nomination(cycle, advocate, users["nominator"], "peer",
                                                      nominee_user=users["learner"], **content)
        nominations_api.withdraw(withdrawn, users["nominator"], note="Nominee asked not to be nominated.")

        cohort = self._first_cohort(program, engineer, users, content)
        panel = self._seat_open_panel(cycle, users)
        in_review = self._cycle_in_review(program, engineer, users, content)
        awaiting = self._cycle_awaiting_approval(program, engineer, users, content)
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
            f"{in_review.name} is in impact evaluation: panelists review at http://{site_a.domain}/dcp/dcp/review/ "
            f"(panel_toc_member_0 has a review in progress); staff run it at http://{site_a.domain}/admin/openedx_dcp/"
            f"cyclereview/{in_review.pk}/board/.",
            f"{awaiting.name} awaits the steward representative's approval: sign in as steward and open "
            f"http://{site_a.domain}/dcp/dcp/cycles/{awaiting.slug}/approval/ (linked from the program page).",
            *feedback_lines,
        ]

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
            f"closed) have results at http://{program.site.domain}/dcp/dcp/feedback/ (sign in as staff); "
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
            program, "2025", "First cohort (2025)", now - datetime.timedelta(days=1), now + datetime.timedelta(days=1),
            now + datetime.timedelta(days=2), now + datetime.timedelta(days=3), now + datetime.timedelta(days=4),
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
            nomination = nominations_api.create_nomination(cycle, track, users["nominator"], "peer",
                                                           nominee_user=nominee, **content)
            nominations_api.give_consent(nomination, nominee)
            for endorser in ("core1", "core2", "steward"):
                nominations_api.endorse(nomination, users[endorser])
            nominations_api.submit(nomination, users["nominator"])
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
                review_api.add_panelist(cycle, panelist, seat, staff)
                if seat == CommunityRole.STEWARD_REPRESENTATIVE:
                    approver = panelist
        review_api.screen_cycle(cycle, staff)
        review_api.start_evaluation(cycle, staff)
        review_api.assign_reviewers(cycle, staff)
        keys = [criterion["key"] for criterion in cycle.rules.track(track.slug)["rubric"]]
        for number, nomination in enumerate(nominees):
            for assignment in nomination.review_assignments.select_related("panelist__user"):
                scores = dict.fromkeys(keys, 5 - number)
                review_api.submit_review(nomination, assignment.panelist.user, scores, "Demo review.")
        review_api.start_deliberation(cycle, staff)
        outcomes = ["selected", "selected", "not_selected"]
        for nomination, outcome in zip(nominees, outcomes):
            review_api.stage_decision(nomination, staff, outcome, f"Panel consensus: {outcome.replace('_', ' ')}.")
        review_api.request_approval(cycle, staff)
        review_api.approve(cycle, approver)
        review_api.release_decisions(cycle, staff)
        review_api.announce_cohort(cycle, staff)
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
            review_api.add_panelist(cycle, user, seat, users["staff"])
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
            program, "2026-spring", "Spring 2026 review (demo)", now - datetime.timedelta(days=1),
            now + datetime.timedelta(days=1), now + datetime.timedelta(days=2), now + datetime.timedelta(days=30),
            now + datetime.timedelta(days=40),
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
            nomination = nominations_api.create_nomination(cycle, track, users["nominator"], "peer",
                                                           nominee_user=nominee, **content)
            nominations_api.give_consent(nomination, nominee)
            for endorser in ("core1", "core2", "steward"):
                nominations_api.endorse(nomination, users[endorser])
            nominations_api.submit(nomination, users["nominator"])
        # Nominations closed yesterday; the review runs for four more weeks.
        type(cycle).objects.filter(pk=cycle.pk).update(nominations_close=now - datetime.timedelta(hours=1),
                                                       review_start=now - datetime.timedelta(minutes=30),
                                                       nominations_open=now - datetime.timedelta(days=30))
        cycle.refresh_from_db()
        staff = users["staff"]
        for user, seat in self._panel_of(cycle, users):
            review_api.add_panelist(cycle, user, seat, staff)
        review_api.screen_cycle(cycle, staff)
        review_api.start_evaluation(cycle, staff)
        review_api.assign_reviewers(cycle, staff)
        toc = User.objects.get(username="panel_toc_member_0")
        started = cycle.nominations.filter(review_assignments__panelist__user=toc).order_by("pk").first()
        if started is not None:
            review_api.save_review_draft(started, toc, scores={"depth": 4}, comment="Strong reviews record.")
        return cycle

    def _cycle_awaiting_approval(self, program, track, users, content):
        """
        A cycle whose final list waits for a steward representative's approval (R11), so the steward's page can
        be tried: three nominations reviewed by the panel, two selected and one not, decisions staged and
        approval requested by staff. Any steward representative of the program (``steward``) approves it.
        """
        now = timezone.now()
        cycle = programs_api.create_cycle(
            program, "2025-autumn", "Autumn 2025 cohort (demo: awaiting approval)", now - datetime.timedelta(days=1),
            now + datetime.timedelta(days=1), now + datetime.timedelta(days=2), now + datetime.timedelta(days=3),
            now + datetime.timedelta(days=20),
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
            nomination = nominations_api.create_nomination(cycle, track, users["nominator"], "peer",
                                                           nominee_user=nominee, **content)
            nominations_api.give_consent(nomination, nominee)
            for endorser in ("core1", "core2", "steward"):
                nominations_api.endorse(nomination, users[endorser])
            nominations_api.submit(nomination, users["nominator"])
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
            review_api.add_panelist(cycle, user, seat, staff)
        review_api.screen_cycle(cycle, staff)
        review_api.start_evaluation(cycle, staff)
        review_api.assign_reviewers(cycle, staff)
        keys = [criterion["key"] for criterion in cycle.rules.track(track.slug)["rubric"]]
        for number, nomination in enumerate(nominations):
            for assignment in nomination.review_assignments.select_related("panelist__user"):
                review_api.submit_review(nomination, assignment.panelist.user, dict.fromkeys(keys, 5 - number),
                                         "Demo review.")
        review_api.start_deliberation(cycle, staff)
        for nomination, outcome in zip(nominations, ("selected", "selected", "not_selected")):
            review_api.stage_decision(nomination, staff, outcome,
                                      f"Panel consensus: {outcome.replace('_', ' ')} (demo).")
        review_api.request_approval(cycle, staff)
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
        tenant_a, tenant_b = settings.DCP_DEV_TENANTS
        lines = [
            f"Tenant A: http://{tenant_a}/  (tenant B: http://{tenant_b}/)",
            f"API: http://{tenant_a}/api/dcp/v1/  docs: http://{tenant_a}/api/dcp/v1/docs/  "
            f"admin: http://{tenant_a}/admin/",
            f"Every login below has the password '{PASSWORD}':",
        ]
        return lines + [f"  {username:<12} {label}" for username, label, _role in PEOPLE] + [
            f"  {username:<12} {label}" for username, label in PANEL_LOGINS]
