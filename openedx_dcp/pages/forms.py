"""
The pages' forms: they read and clean input only (types, lengths, URLs). Whether the input is allowed is the
domain's to say when the view calls ``api.py``; its refusal is shown on the form.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from openedx_dcp.programs.models import Organization, Track


class PageForm(forms.Form):
    """Paragon's classes on every widget, and each input described by its help text and errors."""

    def _text_inputs(self):
        for name, field in self.fields.items():
            if not isinstance(field.widget, (forms.RadioSelect, forms.CheckboxInput, forms.HiddenInput)):
                yield name, field

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self._text_inputs():
            field.widget.attrs.setdefault("class", "form-control")
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self.auto_id % self.add_prefix(name)}_help"

    def full_clean(self):
        super().full_clean()
        # Once judged, an input in error is marked invalid and described by its error too.
        for name, field in self._text_inputs():
            if name in self._errors:
                described = field.widget.attrs.get("aria-describedby", "")
                error_id = f"{self.auto_id % self.add_prefix(name)}_error"
                field.widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()
                field.widget.attrs["aria-invalid"] = "true"


class PageSelect(forms.Select):
    """
    A select with the markup of Django's ``select.html`` (the same HTML, attribute for attribute), written here
    rather than through a template per option and another for its attributes: the directory's filters are four
    selects with an option per track, year and organization, rendered on every page view (P5). Option groups
    go through Django's templates as before.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = format_html_join(
            "", '\n  <option value="{}"{}>{}</option>\n',
            ((f"{option['value']}", _attributes(option["attrs"]), option["label"])
             for _group, group_options, _index in widget["optgroups"] for option in group_options),
        )
        return format_html('<select name="{}"{}>{}\n</select>', widget["name"], _attributes(widget["attrs"]), options)


def _attributes(attrs):
    """A widget's attributes as Django's ``attrs.html`` writes them: in their order, ``True`` as a bare name."""
    return format_html_join("", "{}", (
        (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, f"{value}"),)
        for name, value in attrs.items() if value is not False
    ))


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class NominationContentForm(PageForm):
    """What a nominator writes about the nominee (R5): the same fields creation and editing take."""

    summary = forms.CharField(
        label=_("Summary of contributions"), widget=_textarea(5),
        help_text=_("The contributions that fit the track's criteria: what, where, since when."),
    )
    impact_statement = forms.CharField(
        label=_("Impact statement"), widget=_textarea(5),
        help_text=_("How the work advanced the ecosystem: impact, adoption, engagement."),
    )
    references = forms.CharField(
        label=_("References"), required=False, widget=_textarea(3),
        help_text=_("Partners, clients or community leaders who can confirm the contributions."),
    )
    first_contribution_date = forms.DateField(
        label=_("First contribution on the track"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only needed when the recorded contributions do not show it; give evidence below."),
    )
    first_contribution_evidence = forms.URLField(
        label=_("Evidence of the first contribution"), required=False,
        help_text=_("A link showing that first contribution (a pull request, a talk, a post)."),
    )
    evidence_links = forms.JSONField(required=False, widget=forms.HiddenInput)
    new_link = forms.URLField(
        label=_("Evidence link"), required=False,
        help_text=_("Add links one at a time with the \u201cAdd link\u201d button."),
    )

    def clean_evidence_links(self):
        links = self.cleaned_data.get("evidence_links") or []
        if not isinstance(links, list) or not all(isinstance(link, str) for link in links):
            raise forms.ValidationError(_("The evidence links could not be read; add them again."))
        validate = forms.URLField().clean
        return [validate(link) for link in links]

    def content(self):
        """The cleaned fields ``create_nomination`` / ``update_nomination`` take."""
        data = self.cleaned_data
        return {
            "summary": data["summary"],
            "impact_statement": data["impact_statement"],
            "references": data.get("references") or "",
            "evidence_links": data.get("evidence_links") or [],
            "first_contribution_date": data.get("first_contribution_date"),
            "first_contribution_evidence": data.get("first_contribution_evidence") or "",
        }


class NomineeForm(PageForm):
    """Track, self or peer, and the nominee: what eligibility is checked on."""

    track = forms.ModelChoiceField(queryset=Track.objects.none(), label=_("Track"), widget=forms.RadioSelect,
                                   to_field_name="slug", empty_label=None)
    kind = forms.ChoiceField(
        label=_("Who do you nominate?"), widget=forms.RadioSelect,
        choices=[("peer", _("Someone else (a peer nomination)")), ("self", _("Myself (a self-nomination)"))],
    )
    nominee_username = forms.CharField(
        label=_("Nominee's username"), required=False, max_length=150,
        help_text=_("Their exact username on this site, for people. Leave empty when you nominate yourself."),
    )
    nominee_organization = forms.CharField(
        label=_("Nominee organization"), required=False, max_length=200,
        help_text=_("The organization's exact name, for tracks that recognize organizations."),
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["track"].queryset = program.tracks.filter(is_active=True).order_by("order", "slug")

    def clean_nominee_username(self):
        username = (self.cleaned_data.get("nominee_username") or "").strip()
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            # Only that: no list of accounts, no "did you mean".
            raise forms.ValidationError(_("No account has this username."))
        return user

    def clean_nominee_organization(self):
        name = (self.cleaned_data.get("nominee_organization") or "").strip()
        if not name:
            return None
        organization = Organization.objects.filter(site=self.program.site, name__iexact=name).first()
        if organization is None:
            raise forms.ValidationError(_("No organization has this name on this site."))
        return organization


class NoteForm(PageForm):
    """A note with a workflow move (consent, decline, withdraw, send back)."""

    note = forms.CharField(label=_("Note (optional)"), required=False, widget=_textarea(3), max_length=2000)


class RequiredNoteForm(PageForm):
    note = forms.CharField(label=_("Note"), widget=_textarea(3), max_length=2000)


class EndorseForm(PageForm):
    statement = forms.CharField(
        label=_("Your statement"), widget=_textarea(6), max_length=5000,
        help_text=_("Why you endorse this nomination: what you have seen of the nominee's work."),
    )
    publish_as_credential = forms.BooleanField(
        label=_("If the nominee is selected, publish my endorsement (my name and statement) as a verifiable "
                "credential on their badge"),
        required=False,
        help_text=_("Optional. You can withdraw this consent later; the published endorsement is then revoked."),
    )


class RequestEndorsementForm(PageForm):
    endorser_username = forms.CharField(
        label=_("Username of the person to ask"), max_length=150,
        help_text=_("A recognized community member; they get an email with a link to endorse."),
    )

    def clean_endorser_username(self):
        username = self.cleaned_data["endorser_username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(_("No account has this username."))
        return user


class DirectoryForm(PageForm):
    """The public directory's search and filters (GET); the choices are the program's."""

    STATUS_CHOICES = [
        ("all", _("Members and alumni")),
        ("members", _("Current members")),
        ("alumni", _("Alumni")),
    ]

    q = forms.CharField(label=_("Search by name, username or organization"), required=False, max_length=100)
    track = forms.ChoiceField(label=_("Track"), required=False, widget=PageSelect)
    year = forms.TypedChoiceField(label=_("Cohort year"), required=False, coerce=int, empty_value=None,
                                  widget=PageSelect)
    organization = forms.ChoiceField(label=_("Organization"), required=False, widget=PageSelect)
    status = forms.ChoiceField(label=_("Show"), required=False, choices=STATUS_CHOICES, widget=PageSelect)

    def __init__(self, *args, facets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [("", _("All tracks")), *facets["tracks"]]
        self.fields["year"].choices = [("", _("All years")), *[(str(year), str(year)) for year in facets["years"]]]
        self.fields["organization"].choices = [("", _("All organizations")), *facets["organizations"]]


class VerifyForm(PageForm):
    """The verification page: a pasted credential (JWT or JSON) or a file (credential or baked badge image)."""

    credential = forms.CharField(
        label=_("Paste a credential"), required=False, max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("The badge's JWT (one long line starting with eyJ) or its JSON (starting with {)."),
    )
    file = forms.FileField(
        label=_("Or choose a file"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.jwt,.txt,.svg,.png,application/json,image/svg+xml,"
                                                         "image/png"}),
        help_text=_("A credential file (JSON or JWT) or a badge image (SVG or PNG) downloaded from a badge page. "
                    "You can also drop the file here."),
    )
