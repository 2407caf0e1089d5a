"""
Nominating and following a nomination: the nomination form, "my nominations", a nomination's page with its
timeline and actions, the nominee's consent page, and editing a draft.

Each view reads input with a form, calls ``nominations_api`` / ``review_api`` and renders; a refusal of the
domain is shown as its sentence (``PageView.refuse``). What a person may not see reads as not found (R26).
"""

import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openedx_dcp.exceptions import DcpError, NotPermitted
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import Endorsement, Nomination
from openedx_dcp.pages import labels
from openedx_dcp.pages.base import PageView, page_url_maker
from openedx_dcp.pages.forms import NominationContentForm, NomineeForm, NoteForm, RequestEndorsementForm
from openedx_dcp.pages.progress import STATE_TONE, next_step, progress_sentence
from openedx_dcp.prepared import PreparedQuery, columns_of, instance_of
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Organization, Track
from openedx_dcp.review import api as review_api

# Domain error fields -> the form field they are about, on the nomination form.
_FIELD_OF = {"nominee_user": "nominee_username", "nominee": "nominee_username", "endorser": "endorser_username"}


def nominations_of_program(user, view):
    """The nominations of the view's program that ``user`` may see (R1, R26), rows for a page."""
    return (
        nominations_api.nominations_visible_to(
            user=user, site=view.site, cycles=view.viewer_cycles() if user is view.request.user else None)
        .filter(cycle__program=view.program)
        .select_related("cycle__program__site", "cycle__rules", "track", "nominator", "nominee_user",
                        "nominee_organization")
    )


def visible_nomination(view, pk):
    """
    The nomination ``pk`` of the view's program if the request's user may see it, else 404 (R26): read with what
    the page shows by ``nomination_rows``, then asked of the domain (``sees_nomination``), which answers its
    nominator, its nominee and its program's staff from the row and the request's ``viewer_cycles``.
    """
    nomination = nomination_rows([pk]).get(pk)
    if nomination is None or nomination.cycle.program_id != view.program.pk or not nominations_api.sees_nomination(
            user=view.request.user, nomination=nomination, cycles=view.viewer_cycles()):
        raise Http404("No such nomination.")
    return nomination


def summary_row(nomination, progress, url=None):
    """
    What a list shows of one nomination; ``url``: its page's, when the list links to it. Its sentences are
    translated here, once per row, rather than by ``blocktranslate`` in a list's loop (a third of a row's
    rendering, P5).
    """
    step = next_step(nomination, progress)
    sentence = progress_sentence(progress)
    return {
        "nomination": nomination,
        "url": url,
        # By name: a template reading an attribute of an object first tries it as a key, and fails.
        "nominee": nomination.nominee_display,
        "track": nomination.track.name,
        "cycle": nomination.cycle.name,
        "state": labels.label(labels.NOMINATION_STATES, nomination.state),
        "tone": STATE_TONE.get(nomination.state, ""),
        "kind": labels.label(labels.KINDS, nomination.kind),
        "nominated_by": _("nominated by %(name)s") % {"name": nomination.nominator.username},
        "progress": progress,
        "progress_sentence": sentence,
        "progress_line": capfirst(sentence),
        "awaiting_consent": nomination.needs_consent and nomination.consent_given_at is None,
        "next_step": step,
        "next_what": step[0],  # ``next_step.0`` in a template fails as a key and as an attribute first
        "who_acts": _("who acts: %(who)s") % {"who": step[1]} if step[0] else None,
    }


def page_links(request, name, page):
    """
    ``(previous, next)`` links of the paged list ``name`` (``?<name>=<number>``; None where there is none),
    keeping the rest of the request's query (the pages the page's other lists are on).
    """
    def link(number):
        query = request.GET.copy()
        query[name] = number
        return "?" + query.urlencode()

    return (link(page.previous_page_number()) if page.has_previous() else None,
            link(page.next_page_number()) if page.has_next() else None)


class _LinksMixin:
    """Evidence links added one by one without JavaScript: "Add link" and "Remove" are submit buttons."""

    @staticmethod
    def links_from(data):
        try:
            links = json.loads(data.get("evidence_links") or "[]")
        except ValueError:
            links = []
        return [link for link in links if isinstance(link, str)]

    def edit_links(self, data):
        """
        Apply an "Add link" / "Remove" press to the posted data; returns ``(data, error)``: the data to show
        the form again with, and a sentence when the new link is not a URL.
        """
        data = data.copy()
        links = self.links_from(data)
        error = None
        if "add_link" in data:
            new = NominationContentForm(data={"new_link": data.get("new_link", ""), "summary": "-",
                                              "impact_statement": "-"})
            new.is_valid()
            if "new_link" in new.errors or not new.cleaned_data.get("new_link"):
                error = _("Enter a valid URL to add it, such as https://github.com/openedx/…")
            else:
                links.append(new.cleaned_data["new_link"])
                data["new_link"] = ""
        elif "remove_link" in data:
            try:
                del links[int(data["remove_link"])]
            except (ValueError, IndexError):
                pass
        data["evidence_links"] = json.dumps(links)
        return data, error


class NominateView(_LinksMixin, PageView):
    """
    ``/dcp/<program>/nominate/``: choose the track (its criteria beside it), self or peer, the nominee by exact
    username or organization name; "Check eligibility" asks the domain before anything is written; "Save
    draft" creates the draft nomination. ``?track=<slug>&nominee=<username>`` fill the form in (the profile's
    "Nominate" link).
    """

    template_name = "openedx_dcp/pages/nominate.html"
    nav = "nominate"

    def setup_cycle(self):
        self.cycle = programs_api.current_cycle(program=self.program)
        self.open = bool(self.cycle and self.cycle.nominations_are_open())

    def get_context_data(self, **kwargs):
        rules = programs_api.rules_in_force(program=self.program, cycle=self.cycle)
        tracks = [
            {**track, "for_organizations": track.get("nominee_kind") == Track.ORGANIZATION}
            for track in rules.tracks
        ]
        kwargs.setdefault("links", [])
        return super().get_context_data(
            page_title=_("Nominate a contributor"), cycle=self.cycle, nominations_open=self.open, tracks=tracks,
            thresholds=rules.thresholds, links_json=json.dumps(kwargs["links"]), **kwargs,
        )

    def get(self, request, *args, **kwargs):
        self.setup_cycle()
        initial = {"track": request.GET.get("track"), "nominee_username": request.GET.get("nominee", "")}
        if request.GET.get("nominee"):
            initial["kind"] = "peer"
        return self.render_to_response(self.get_context_data(
            nominee_form=NomineeForm(initial=initial, program=self.program),
            content_form=NominationContentForm(),
        ))

    def post(self, request, *args, **kwargs):
        self.setup_cycle()
        if not self.open:
            return self.get(request, *args, **kwargs)
        data, link_error = self.edit_links(request.POST)
        links = self.links_from(data)
        if "add_link" in data or "remove_link" in data:
            # Only the links changed: show the form again as it was, without judging the other fields yet.
            content_form = NominationContentForm(initial=data.dict())
            content_form.link_error = link_error
            return self.render_to_response(self.get_context_data(
                nominee_form=NomineeForm(initial=data.dict(), program=self.program), content_form=content_form,
                links=links,
            ), status=400 if link_error else 200)
        nominee_form = NomineeForm(data, program=self.program)
        if data.get("action") == "check":
            return self.check(nominee_form, NominationContentForm(initial=data.dict()), links)
        content_form = NominationContentForm(data)
        context = {"nominee_form": nominee_form, "content_form": content_form, "links": links}
        if not (nominee_form.is_valid() & content_form.is_valid()):
            return self.render_to_response(self.get_context_data(**context), status=400)
        nominee = nominee_form.cleaned_data
        try:
            nomination = nominations_api.create_nomination(
                cycle=self.cycle, track=nominee["track"], nominator=request.user, kind=nominee["kind"],
                nominee_user=nominee["nominee_username"], nominee_organization=nominee["nominee_organization"],
                **content_form.content(),
            )
        except DcpError as exc:
            form = content_form if exc.field in content_form.fields else nominee_form
            exc.field = _FIELD_OF.get(exc.field, exc.field)
            return self.refuse(exc, context=context, form=form)
        messages.success(request, _("Your draft nomination is saved. Here is what happens next."))
        return self.redirect_to("nomination", program=self.program.slug, pk=nomination.pk)

    def nominee_of(self, cleaned):
        """The nominee the form names (the nominator on a self-nomination of a person)."""
        if cleaned["track"].nominee_kind == Track.ORGANIZATION:
            return {"nominee_organization": cleaned["nominee_organization"]}
        if cleaned["kind"] == "self":
            return {"nominee_user": self.request.user}
        return {"nominee_user": cleaned["nominee_username"]}

    def check(self, nominee_form, content_form, links):
        """Eligibility before the nominator writes anything (R7, R8), as the domain sees it."""
        context = {"nominee_form": nominee_form, "content_form": content_form, "links": links}
        if not nominee_form.is_valid():
            return self.render_to_response(self.get_context_data(**context), status=400)
        nominee = self.nominee_of(nominee_form.cleaned_data)
        if not any(nominee.values()):
            field = ("nominee_organization" if nominee_form.cleaned_data["track"].nominee_kind == Track.ORGANIZATION
                     else "nominee_username")
            nominee_form.add_error(field, _("Name the nominee to check their eligibility."))
            return self.render_to_response(self.get_context_data(**context), status=400)
        content = content_form.initial
        declared = NominationContentForm(data={**content, "summary": "-", "impact_statement": "-"})
        declared.is_valid()
        report = nominations_api.nominee_eligibility(
            cycle=self.cycle, track=nominee_form.cleaned_data["track"], **nominee,
            first_contribution_date=declared.cleaned_data.get("first_contribution_date"),
            first_contribution_evidence=declared.cleaned_data.get("first_contribution_evidence") or "",
        )
        return self.render_to_response(self.get_context_data(eligibility=report, **context))


class NominationEditView(_LinksMixin, PageView):
    """``/dcp/<program>/nominations/<pk>/edit/``: the nominator edits their draft."""

    template_name = "openedx_dcp/pages/nomination_edit.html"
    nav = "mine"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("links", [])
        kwargs.setdefault("may_edit", True)
        return super().get_context_data(page_title=_("Edit the nomination"), nomination=self.nomination,
                                        thresholds=self.nomination.cycle.rules.data["thresholds"],
                                        links_json=json.dumps(kwargs["links"]), **kwargs)

    def refused(self):
        """The page without its form, saying why, when this person may not edit the nomination; else None."""
        problem = nominations_api.edit_problem(nomination=self.nomination, actor=self.request.user)
        if problem is None:
            return None
        return self.refuse(problem, context={"may_edit": False})

    def get(self, request, *args, **kwargs):
        self.nomination = visible_nomination(self, kwargs["pk"])
        refused = self.refused()
        if refused is not None:
            return refused
        n = self.nomination
        initial = {field: getattr(n, field) for field in (
            "summary", "impact_statement", "references", "first_contribution_date", "first_contribution_evidence")}
        return self.render_to_response(self.get_context_data(
            content_form=NominationContentForm(initial=initial), links=list(n.evidence_links or []),
        ))

    def post(self, request, *args, **kwargs):
        self.nomination = visible_nomination(self, kwargs["pk"])
        refused = self.refused()
        if refused is not None:
            return refused
        data, link_error = self.edit_links(request.POST)
        links = self.links_from(data)
        if "add_link" in data or "remove_link" in data:
            content_form = NominationContentForm(initial=data.dict())
            content_form.link_error = link_error
            return self.render_to_response(self.get_context_data(content_form=content_form, links=links),
                                           status=400 if link_error else 200)
        content_form = NominationContentForm(data)
        context = {"content_form": content_form, "links": links}
        if not content_form.is_valid():
            return self.render_to_response(self.get_context_data(**context), status=400)
        try:
            nominations_api.update_nomination(nomination=self.nomination, actor=request.user, **content_form.content())
        except DcpError as exc:
            return self.refuse(exc, context=context, form=content_form)
        messages.success(request, _("Your changes are saved."))
        return self.redirect_to("nomination", program=self.program.slug, pk=self.nomination.pk)


class MyNominationsView(PageView):
    """
    ``/dcp/<program>/my-nominations/``: the nominations the person made, those they are nominated in, and
    those they endorsed, each with its state, consent, endorsement progress and next step; each section pages
    on its own (``page_size`` rows, ``?made=2``: links that work without JavaScript). A fixed number of queries
    whatever their number (item 8, P5): one narrow query of ids and roles sorts every visible nomination into
    its sections, then only the rows of the pages shown are read, with their progress in one grouped query.
    """

    template_name = "openedx_dcp/pages/my_nominations.html"
    nav = "mine"
    page_size = 20
    SECTIONS = ("made", "received", "endorsed")

    def get_context_data(self, **kwargs):
        user = self.request.user
        user_id = user.pk  # read once: the request's user is a lazy object, slow to ask per row
        organizations = set(programs_api.affiliated_organization_ids(user=user))
        ids = {name: [] for name in self.SECTIONS}
        for pk, nominator_id, nominee_id, organization_id, endorsed in self.sections_rows(user, organizations):
            if nominator_id == user_id:
                ids["made"].append(pk)
            if nominee_id == user_id or organization_id in organizations:
                ids["received"].append(pk)
            if endorsed:
                ids["endorsed"].append(pk)
        pages = {name: Paginator(ids[name], self.page_size).get_page(self.request.GET.get(name))
                 for name in self.SECTIONS}
        shown = {pk for page in pages.values() for pk in page}
        # The ids passed the visibility filter above: the rows of the pages shown are read by id.
        nominations = nomination_rows(shown) if shown else {}
        progress = nominations_api.endorsement_progress(nominations=nominations.values())
        url_of = page_url_maker("nomination", program=self.program.slug)
        rows = {pk: summary_row(nomination, progress[pk], url=url_of(pk)) for pk, nomination in nominations.items()}
        sections = {
            name: {"rows": [rows[pk] for pk in pages[name] if pk in rows], "page": pages[name],
                   "links": page_links(self.request, name, pages[name])}
            for name in self.SECTIONS
        }
        return super().get_context_data(
            page_title=_("My nominations"), sections=sections, made=sections["made"]["rows"],
            received=sections["received"]["rows"], endorsing=sections["endorsed"]["rows"], **kwargs,
        )

    def sections_rows(self, user, organizations):
        """
        ``(id, nominator id, nominee id, nominee organization id, endorsed by the user)`` of every nomination of
        the program the user may see, newest first: the domain's visibility filter, read prepared when the user
        sits on no panel where they run the program (conflicts then hide nothing, and the filter's form depends
        only on how many cycles, programs and organizations there are).
        """
        cycles = self.viewer_cycles()
        if cycles.seats is None or cycles.seats & cycles.staff or not cycles.programs:
            return list(_sections_rows(None, user=user, program=self.program.pk, cycles=cycles, site=self.site,
                                       organizations=organizations))
        # Running every cycle, the user sees every nomination: the filter reads neither their cycles nor their
        # affiliations, which the shape then stands for.
        runs_every_cycle = len(cycles.staff) == len(cycles.programs)
        return _MY_SECTIONS.rows(runs_every_cycle, ints={"user": user.pk, "program": self.program.pk}, int_lists={
            "programs": sorted(cycles.programs), "staff": [] if runs_every_cycle else sorted(cycles.staff),
            "organizations": [] if runs_every_cycle else sorted(organizations),
        })


class _Viewer:
    """The request's user as a prepared read's filter sees it: signed in, known by id."""

    is_authenticated = True
    is_superuser = False

    def __init__(self, pk):
        self.pk = self.id = pk


def _sections_rows(shape, *, user, program, organizations, cycles=None, site=None, programs=None, staff=None):
    """
    The query of ``MyNominationsView.sections_rows``. Prepared, it is built from ids alone: ``user`` an id,
    ``programs`` and ``staff`` the tenant's cycles and those the user runs, on no panel (``seats`` empty);
    ``shape`` True when the user runs every cycle (``staff`` is then left empty).
    """
    if cycles is None:
        cycles = programs_api.TenantCycles(programs=dict.fromkeys(programs, program),
                                           staff=frozenset(programs if shape else staff), seats=frozenset())
        user = _Viewer(user)
    # The filter does not read the site when it is given the tenant's cycles.
    visible = nominations_api.nominations_visible_to(user=user, site=site or _ANY_SITE, cycles=cycles,
                                                     organizations=set(organizations))
    # Whether the person endorsed each one is answered in the same query, through the (nomination, endorser)
    # unique index.
    endorsed = Exists(Endorsement.objects.filter(nomination_id=OuterRef("pk"), endorser_id=user.pk))
    return (visible.filter(cycle__program_id=program).order_by("-created", "-id").annotate(endorsed=endorsed)
            .values_list("pk", "nominator_id", "nominee_user_id", "nominee_organization_id", "endorsed"))


_ANY_SITE = Site()
_MY_SECTIONS = PreparedQuery(_sections_rows)


# What the nomination page shows of an endorsement and its endorser: not every column of both, one prepared read.
_ENDORSEMENT_COLUMNS = columns_of(Endorsement, {"id", "nomination_id", "endorser_id", "role", "statement",
                                                "created", "withdrawn_at"})
_ENDORSER_COLUMNS = columns_of(get_user_model(), {"id", "username"}, prefix="endorser__")
_ENDORSEMENTS = PreparedQuery(lambda shape, nomination: Endorsement.objects.filter(
    nomination_id=nomination).order_by("created", "id").values(*_ENDORSEMENT_COLUMNS, *_ENDORSER_COLUMNS))


def endorsements_of(nomination):
    """Every endorsement of ``nomination``, oldest first, with its endorser's username."""
    endorsements = []
    for row in _ENDORSEMENTS.rows(None, ints={"nomination": nomination.pk}):
        endorsement = instance_of(Endorsement, row, _ENDORSEMENT_COLUMNS)
        endorsement.endorser = instance_of(get_user_model(), row, _ENDORSER_COLUMNS, "endorser__")
        endorsements.append(endorsement)
    return endorsements


class NominationView(PageView):
    """
    ``/dcp/<program>/nominations/<pk>/``: a nomination as the person may see it: the content, its status
    timeline, consent, endorsements toward the quorum, the next step and who must act, and the buttons of
    what this person may do. POSTs to its action URLs come back here with the result or the refusal.
    """

    template_name = "openedx_dcp/pages/nomination.html"
    nav = "mine"
    # Endorsements a page (``?endorsements=2``) and the history's latest lines shown beside them (``?history=all``:
    # every line), so a nomination with many endorsements renders a bounded page (P5). A line's date and time
    # cost Django 50 µs to format, most of a line's rendering.
    endorsements_page_size = 20
    history_lines = 10

    def get(self, request, *args, **kwargs):
        self.nomination = visible_nomination(self, kwargs["pk"])
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        nomination, user = self.nomination, self.request.user
        progress = nominations_api.endorsement_progress(nominations=[nomination])[nomination.pk]
        # Every endorsement is read (to find the person's own and count the pages), with only what it shows.
        endorsements = endorsements_of(nomination)
        mine = next((e for e in endorsements if e.endorser_id == user.pk and e.is_active), None)
        endorsements_page = Paginator(endorsements, self.endorsements_page_size).get_page(
            self.request.GET.get("endorsements"))
        actions = nominations_api.actions_for(nomination=nomination, actor=user)
        # The history as this person may see it (R26): the domain's one answer, as the REST history uses; its
        # latest lines unless every line is asked for (one more is read to know whether earlier ones exist).
        # The page names no actor: the lines are read without them.
        whole_history = self.request.GET.get("history") == "all"
        if whole_history:
            records = list(review_api.visible_history(user=user, nomination=nomination, cycles=self.viewer_cycles())
                           .select_related(None))
        else:
            records = review_api.latest_visible_history(user=user, nomination=nomination,
                                                        cycles=self.viewer_cycles(), lines=self.history_lines + 1)
        earlier_history = not whole_history and len(records) > self.history_lines
        if earlier_history:
            records = records[1:]
        timeline = [
            {"record": record, "action": labels.label(labels.HISTORY_ACTIONS, record.action),
             "to_state": labels.label(labels.NOMINATION_STATES, record.to_state), "note": labels.history_note(record),
             "at": record.at, "machine_time": record.at.isoformat()}
            for record in records
        ]
        query = self.request.GET.copy()
        query["history"] = "all"
        kwargs.setdefault("whole_history_link", "?" + query.urlencode() if earlier_history else None)
        kwargs.setdefault("note_form", NoteForm())
        if "submit" in actions or nomination.nominator_id == user.pk:
            kwargs.setdefault("request_form", RequestEndorsementForm())
        return super().get_context_data(
            page_title=_("Nomination of %(nominee)s") % {"nominee": nomination.nominee_display},
            nomination=nomination,
            row=summary_row(nomination, progress),
            endorsements=[
                {"endorser": e.endorser.username, "role": labels.label(labels.ROLES, e.role), "created": e.created,
                 "withdrawn": not e.is_active, "statement": e.statement} for e in endorsements_page
            ],
            endorsements_page=endorsements_page,
            endorsements_links=page_links(self.request, "endorsements", endorsements_page),
            my_endorsement=mine,
            may_endorse=nominations_api.endorsement_problem(nomination=nomination, endorser=user) is None,
            actions=actions,
            is_nominator=nomination.nominator_id == user.pk,
            endorsements_open=nomination.state in nominations_api.ENDORSABLE_STATES
            and timezone.now() < nomination.cycle.review_start,
            timeline=timeline,
            **kwargs,
        )


class NominationActionView(NominationView):
    """POST ``/dcp/<program>/nominations/<pk>/<action>/``: submit, withdraw or ask someone to endorse."""

    http_method_names = ["post"]
    SUCCESS = {
        "submit": gettext_lazy("The nomination is submitted for screening."),
        "withdraw": gettext_lazy("The nomination is withdrawn."),
        "request-endorsement": gettext_lazy("We emailed them your request with a link to endorse."),
    }

    def post(self, request, *args, **kwargs):
        self.nomination = visible_nomination(self, kwargs["pk"])
        action = kwargs["action"]
        try:
            if action == "request-endorsement":
                form = RequestEndorsementForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(request_form=form), status=400)
                try:
                    review_api.request_endorsement(
                        nomination=self.nomination, actor=request.user, endorser=form.cleaned_data["endorser_username"]
                    )
                except DcpError as exc:
                    exc.field = _FIELD_OF.get(exc.field, exc.field)
                    return self.refuse(exc, form=form, context={"request_form": form})
            else:
                form = NoteForm(request.POST)
                note = form.cleaned_data["note"] if form.is_valid() else ""
                {"submit": nominations_api.submit, "withdraw": nominations_api.withdraw}[action](
                    nomination=self.nomination, actor=request.user, note=note
                )
        except DcpError as exc:
            return self.refuse(exc)
        messages.success(request, self.SUCCESS[action])
        return self.redirect_to("nomination", program=self.program.slug, pk=self.nomination.pk)


class ConsentView(NominationView):
    """
    ``/dcp/<program>/nominations/<pk>/consent/``: the nominee's page, reached from the email: the nomination
    as written; accept, or decline with a note (declining withdraws it).
    """

    template_name = "openedx_dcp/pages/consent.html"
    nav = "mine"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Your consent to the nomination")
        context.setdefault("may_answer", True)
        return context

    def get(self, request, *args, **kwargs):
        self.nomination = visible_nomination(self, kwargs["pk"])
        if not nominations_api.speaks_for_nominee(nomination=self.nomination, user=request.user):
            # Others who may see the nomination (its nominator, endorsers, staff) learn whose page this is.
            return self.refuse(NotPermitted(_("Only the nominee, or someone who speaks for the nominated "
                                              "organization, answers this page.")), context={"may_answer": False})
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.nomination = visible_nomination(self, kwargs["pk"])
        form = NoteForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        decision = request.POST.get("decision")
        try:
            if decision == "accept":
                nominations_api.give_consent(nomination=self.nomination, actor=request.user, note=note)
                messages.success(request, _("Thank you: you consented to the nomination."))
            elif decision == "decline":
                if not (self.nomination.needs_consent and self.nomination.consent_given_at is None):
                    raise Http404("Nothing to decline.")
                nominations_api.withdraw(nomination=self.nomination, actor=request.user, note=note)
                messages.success(request, _("You declined: the nomination is withdrawn."))
            else:
                return self.render_to_response(self.get_context_data(
                    refusal=_("Choose whether you consent or decline.")), status=400)
        except DcpError as exc:
            return self.refuse(exc)
        return self.redirect_to("nomination", program=self.program.slug, pk=self.nomination.pk)


# A page's nominations with their track, nominator, nominee and nominee organization, read by one prepared query
# (ADR 0027); their cycles (program, site, rules) and tracks read once per page (``programs_api.cycles_by_id``).
_ROW_COLUMNS = columns_of(Nomination)
_NOMINATOR_COLUMNS = columns_of(get_user_model(), prefix="nominator__")
_NOMINEE_COLUMNS = columns_of(get_user_model(), prefix="nominee_user__")
_ORGANIZATION_COLUMNS = columns_of(Organization, prefix="nominee_organization__")
_PAGE_ROWS = PreparedQuery(lambda shape, ids: Nomination.objects.order_by().filter(pk__in=ids).values(
    *_ROW_COLUMNS, *_NOMINATOR_COLUMNS, *_NOMINEE_COLUMNS, *_ORGANIZATION_COLUMNS))


def nomination_rows(ids):
    """
    ``{id: nomination}`` of the nominations ``ids``, with what a page shows of them, for views that decided their
    visibility already: one instance per cycle, so its rules (a large JSON document) are decoded once for all
    the rows, not once per row as a join would.
    """
    ids = sorted(set(ids))
    rows = _PAGE_ROWS.rows(len(ids), int_lists={"ids": ids})
    cycles = programs_api.cycles_by_id(ids=(row["cycle_id"] for row in rows))
    tracks = programs_api.tracks_by_id(ids=(row["track_id"] for row in rows))
    nominations = {}
    for row in rows:
        nomination = instance_of(Nomination, row, _ROW_COLUMNS)
        nomination.cycle, nomination.track = cycles[nomination.cycle_id], tracks[nomination.track_id]
        nomination.nominator = instance_of(get_user_model(), row, _NOMINATOR_COLUMNS, "nominator__")
        nomination.nominee_user = (instance_of(get_user_model(), row, _NOMINEE_COLUMNS, "nominee_user__")
                                   if nomination.nominee_user_id is not None else None)
        nomination.nominee_organization = (
            instance_of(Organization, row, _ORGANIZATION_COLUMNS, "nominee_organization__")
            if nomination.nominee_organization_id is not None else None)
        nominations[nomination.pk] = nomination
    return nominations


def nomination_by_id(pk):
    """A nomination row, for views that decide visibility themselves (the endorse page)."""
    return (
        Nomination.objects.select_related("cycle__program__site", "cycle__rules", "track", "nominator",
                                          "nominee_user", "nominee_organization")
        .filter(pk=pk).first()
    )
