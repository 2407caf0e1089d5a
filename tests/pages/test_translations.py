"""
Item 6: every user-facing string of the pages is translatable in the Open edX way. ``make extract_translations``
(Django's makemessages, run in ``openedx_dcp/``) finds the pages' strings in templates and Python and writes a
catalogue that compiles; a compiled catalogue of another language is what the pages then show.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import trans_real

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "openedx_dcp"


def msgids(po_text):
    """The msgids of a .po file (multi-line ones joined)."""
    ids, current = [], None
    for line in po_text.splitlines():
        if line.startswith("msgid "):
            current = [line[6:].strip().strip('"')]
        elif current is not None and line.startswith('"'):
            current.append(line.strip().strip('"'))
        elif current is not None:
            ids.append("".join(current))
            current = None
    return set(ids)


def test_extract_translations_finds_the_pages_strings_and_the_catalogue_compiles(tmp_path):
    package = tmp_path / "openedx_dcp"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo"))
    (package / "conf/locale/en/LC_MESSAGES/django.po").unlink()
    # The command of `make extract_translations`.
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "en", "-v0", "-d", "django",
                    "--no-obsolete", "--ignore", "static/*"], cwd=package, check=True, timeout=300)
    catalogue = package / "conf/locale/en/LC_MESSAGES/django.po"
    found = msgids(catalogue.read_text(encoding="utf-8"))
    # Strings of templates, of {% blocktranslate %} with plurals, of the views, forms, labels and navigation.
    for string in ("Nominate a contributor", "I consent", "Approve the final list", "Asked to endorse",
                   "%(count)s nomination selected by the panel", "No account has this username.",
                   "Awaiting approval", "as %(role)s", "Your draft nomination is saved. Here is what happens next.",
                   "My reviews",
                   # ... and the domain's refusals, the verifier's words and the admin's messages (issue 15).
                   "Each signal is an object.", "Only program staff may do this.",
                   "{domain} issued no credential {id}.", "Revoke the selected credentials", "{object}: {message}"):
        assert string in found, string
    # The catalogue compiles (what `make compile_translations` does), format strings checked.
    subprocess.run(["msgfmt", "--check-format", "-o", str(tmp_path / "django.mo"), str(catalogue)], check=True)


@pytest.fixture
def french(tmp_path, settings):
    """A French catalogue with a few of the pages' strings, compiled into a locale path of its own."""
    messages = tmp_path / "fr" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "My nominations"\nmsgstr "Mes nominations"\n\n'
        'msgid "Nominations you made"\nmsgstr "Vos nominations"\n\n'
        'msgid "Asked to endorse"\nmsgstr "Demandes de soutien"\n',
        encoding="utf-8",
    )
    subprocess.run(["msgfmt", "-o", str(messages / "django.mo"), str(messages / "django.po")], check=True)
    settings.LOCALE_PATHS = [str(tmp_path), *settings.LOCALE_PATHS]
    # Django caches the catalogues it loaded; forget them so the one written here is read (and, after, dropped).
    trans_real._translations = {}
    trans_real._default = None
    yield
    trans_real._translations = {}
    trans_real._default = None
    translation.activate(settings.LANGUAGE_CODE)


def test_the_pages_show_the_visitors_language(french, program, people):
    client = Client(HTTP_HOST=program.site.domain, HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(people["nominator"])
    page = client.get(f"/dcp/{program.slug}/my-nominations/").content.decode()
    assert '<html lang="fr"' in page
    assert re.search(r"<h1>\s*Mes nominations\s*</h1>", page)
    assert "Vos nominations" in page and "Demandes de soutien" in page
    assert "Nominations you made" not in page
