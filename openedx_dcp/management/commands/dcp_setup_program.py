"""
Set up the program of a site, idempotently.

The Tutor plugin's LMS init task runs this at every ``tutor local|dev|k8s do init`` (and so at every launch), so a
second run must change nothing: it creates the ``Site`` and the program only when they are missing, never edits an
existing one (staff may have renamed it or changed its rules in Django admin since), and says what it did.
"""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug
from django.db import transaction

from openedx_dcp import toggles
from openedx_dcp.exceptions import DcpError
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Program

DEFAULT_NAME = "Distinguished Contributor Program"
DEFAULT_SLUG = "dcp"


class Command(BaseCommand):
    """
    Create the site (tenant, R1) and its program with the seeds' defaults when missing.

    Example: ``./manage.py lms dcp_setup_program --site-domain learn.example.org --name "Distinguished Contributor
    Program" --slug dcp``
    """

    help = (
        "Create the Site with --site-domain and its program --slug (with the seeds' tracks and thresholds) if they "
        "do not exist. Existing ones are left as they are. Safe to run at every deployment."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-domain", required=True,
            help="Domain of the tenant's Site, as requests reach it (the LMS host under Tutor), without scheme.",
        )
        parser.add_argument(
            "--name", default=None,
            help=(f"Program name when it is created (default: settings.DCP_DEFAULT_PROGRAM_NAME, "
                  f"else '{DEFAULT_NAME}')."),
        )
        parser.add_argument(
            "--slug", default=None,
            help=f"Program slug (default: settings.DCP_DEFAULT_PROGRAM_SLUG, else '{DEFAULT_SLUG}').",
        )
        parser.add_argument(
            "--organization-name", default="",
            help="Operator running the program, the issuer of its credentials, when it is created.",
        )

    def handle(self, *args, **options):
        domain = options["site_domain"].strip()
        name = (options["name"] or getattr(settings, "DCP_DEFAULT_PROGRAM_NAME", None) or DEFAULT_NAME).strip()
        slug = (options["slug"] or getattr(settings, "DCP_DEFAULT_PROGRAM_SLUG", None) or DEFAULT_SLUG).strip()
        organization_name = options["organization_name"].strip()
        self._validate(domain, name, slug, organization_name)

        with transaction.atomic():
            site, site_created = Site.objects.get_or_create(domain=domain, defaults={"name": domain[:50]})
            program = Program.objects.filter(site=site, slug=slug).first()
            program_created = program is None
            if program_created:
                try:
                    program = programs_api.create_program(site=site, slug=slug, name=name,
                                                          organization_name=organization_name)
                except DcpError as exc:
                    raise CommandError(exc.message) from exc

        self.stdout.write(f"Site {domain}: {'created' if site_created else 'exists, unchanged'}.")
        self.stdout.write(self._describe(program, program_created, name))
        if not toggles.program_enabled():
            self.stdout.write(
                "Note: DCP_PROGRAM_ENABLED is off, so the program's API answers 404; switch it on in the settings "
                "(Tutor: tutor config save --set DCP_PROGRAM_ENABLED=true)."
            )

    @staticmethod
    def _validate(domain, name, slug, organization_name):
        """Refuse bad input before anything is written."""
        if not domain or "/" in domain or " " in domain:
            raise CommandError(f"--site-domain '{domain}' is not a domain: give the host only, e.g. learn.example.org.")
        if len(domain) > Site._meta.get_field("domain").max_length:
            raise CommandError(f"--site-domain is longer than {Site._meta.get_field('domain').max_length} characters.")
        try:
            validate_slug(slug)
        except ValidationError as exc:
            raise CommandError(f"--slug '{slug}' is not a slug: use letters, numbers, hyphens or underscores.") from exc
        if len(slug) > Program._meta.get_field("slug").max_length:
            raise CommandError(f"--slug is longer than {Program._meta.get_field('slug').max_length} characters.")
        if not name:
            raise CommandError("--name is empty: give the program a name.")
        if len(name) > Program._meta.get_field("name").max_length:
            raise CommandError(f"--name is longer than {Program._meta.get_field('name').max_length} characters.")
        if len(organization_name) > Program._meta.get_field("organization_name").max_length:
            raise CommandError(
                f"--organization-name is longer than {Program._meta.get_field('organization_name').max_length} "
                "characters."
            )

    @staticmethod
    def _describe(program, created, requested_name):
        label = f"Program '{program.slug}' of {program.site.domain}"
        if created:
            return (
                f"{label}: created as '{program.name}' with the seeds' defaults "
                f"({program.tracks.count()} tracks, rules v{program.current_rules.version})."
            )
        notes = []
        if program.name != requested_name:
            notes.append(f"named '{program.name}', not renamed: rename it in Django admin")
        if not program.is_active:
            notes.append("inactive: activate it in Django admin")
        return f"{label}: exists, unchanged" + (f" ({'; '.join(notes)})" if notes else "") + "."
