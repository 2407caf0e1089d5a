"""
The OpenAPI document's words on the REST operations of stories (R19) and citations (KR 5.2): a description per operation and realistic examples, keyed by
operationId (``openedx_dcp.api.v1.schema.operation``). The examples are the dev host's demo data as ``make dev``
loads it on a fresh database (``dcp_load_demo``), recorded from its answers; tests/api/test_schemathesis.py sends
them, tests/api/test_schema_docs.py requires them.
"""

from openedx_dcp.api.v1.schema import operation

# The demo's published story about grace (id 1) as program staff read it; the operations below show it at the
# moment each one answers (its consent, publication and update times differ).
GRACE_STORY = {
    'id': 1,
    'program': 1,
    'subject': {'name': 'grace', 'username': 'grace'},
    'title': 'Grace keeps the authoring MFE moving',
    'summary': 'How one maintainer made course authoring faster for every Tutor operator.',
    'body': 'Grace started with a one-line fix in 2021. Four years later she maintains the **course authoring '
            'MFE**, reviews a dozen pull requests a week and mentors new contributors.\n'
            '\n'
            '## What changed\n'
            '\n'
            '- Course outlines load in under a second\n'
            '- New contributors get a first review within two days\n'
            '\n'
            '> The best way to thank a maintainer is to review their pull request. -- Grace',
    'body_html': '<p>Grace started with a one-line fix in 2021. Four years later she maintains the '
                 '<strong>course authoring MFE</strong>, reviews a dozen pull requests a week and mentors new '
                 'contributors.</p>\n'
                 '<h2>What changed</h2>\n'
                 '<ul>\n'
                 '<li>Course outlines load in under a second</li>\n'
                 '<li>New contributors get a first review within two days</li>\n'
                 '</ul>\n'
                 '<blockquote>\n'
                 '<p>The best way to thank a maintainer is to review their pull request. -- Grace</p>\n'
                 '</blockquote>',
    'links': ['https://github.com/openedx/frontend-app-authoring'],
    'image_url': '',
    'image_alt': '',
    'consent_given_at': '2026-12-01T12:06:58.609629Z',
    'published_at': '2026-12-01T12:06:58.611637Z',
    'created': '2026-12-01T12:06:58.607549Z',
    'updated': '2026-12-01T12:06:58.611696Z',
}
# What anyone reads of a published story: its list entry, and its page with the body.
PUBLIC_FIELDS = ('id', 'title', 'summary', 'subject', 'published_at', 'image_url', 'image_alt', 'links')
GRACE_PUBLIC = {name: GRACE_STORY[name] for name in PUBLIC_FIELDS}
# The story about grace's mentoring that staff write in the create example (id 2), not yet consented to.
MENTORING_STORY = {
    'id': 2,
    'program': 1,
    'subject': {'name': 'grace', 'username': 'grace'},
    'title': 'Grace mentors new contributors',
    'summary': 'Weekly office hours for first-time contributors.',
    'body': 'Grace holds **weekly office hours** for first-time contributors.',
    'body_html': '<p>Grace holds <strong>weekly office hours</strong> for first-time contributors.</p>',
    'links': ['https://discuss.openedx.org/'],
    'image_url': '',
    'image_alt': '',
    'consent_given_at': None,
    'published_at': None,
    'created': '2026-12-01T12:06:59.958690Z',
    'updated': '2026-12-01T12:06:59.958712Z',
}

OPERATIONS = {
    'public_programs_stories_list': operation(
        ('The published stories of a program of this site, newest first, without their bodies. Anyone, '
         'anonymous included. Refusals: `not_found` (no such program, or the program is switched off).'),
        parameters={'program_slug': 'dcp'},
        response=GRACE_PUBLIC,
    ),
    'public_programs_stories_retrieve': operation(
        ('One published story, its body as Markdown and as cleaned HTML (`body_html`). Anyone, anonymous '
         'included. A draft or unpublished story reads as `not_found`.'),
        parameters={'program_slug': 'dcp', 'id': 1},
        response={**GRACE_PUBLIC, 'body': GRACE_STORY['body'], 'body_html': GRACE_STORY['body_html']},
    ),
    'stories_list': operation(
        ('The stories of the programs the caller runs on this site, drafts included (R19). Program staff; '
         'anyone else gets an empty page. Refusals: `not_authenticated`.'),
        response=GRACE_STORY,
    ),
    'stories_create': operation(
        ('Program staff write a story about a member (`subject_username`) or a member organization '
         '(`subject_organization`, its slug); `ask_consent` emails the subject at once. Refusals: '
         "`not_a_member` (the subject is not in the program's directory), `does_not_exist`, `invalid`, "
         '`not_found` (a program the caller does not run).'),
        request={'program': 1,
         'subject_username': 'grace',
         'title': 'Grace mentors new contributors',
         'summary': 'Weekly office hours for first-time contributors.',
         'body': 'Grace holds **weekly office hours** for first-time contributors.',
         'links': ['https://discuss.openedx.org/']},
        response=MENTORING_STORY,
        status=201,
    ),
    'stories_retrieve': operation(
        ('One story of a program the caller runs (program staff), with its consent and publication dates. '
         'Anyone else: `not_found`.'),
        parameters={'id': 1},
        response=GRACE_STORY,
    ),
    'stories_partial_update': operation(
        ('Program staff change a story; a change to what a consented story says takes the consent back (the '
         'subject is asked again). Refusals: `not_found`, `not_a_member`, `invalid`.'),
        parameters={'id': 2},
        request={'summary': 'Weekly office hours, and a guide for first pull requests.'},
        response={**MENTORING_STORY, 'summary': 'Weekly office hours, and a guide for first pull requests.',
                  'updated': '2026-12-01T12:06:59.969328Z'},
    ),
    'stories_destroy': operation(
        'Program staff delete a story (it leaves the public pages and the feed). Refusals: `not_found`.',
        parameters={'id': 2},
        status=204,
    ),
    'stories_ask_consent_create': operation(
        ('Program staff email the member the story is about a link to read it and consent (202, nothing in the '
         'answer). Refusals: `not_found`.'),
        parameters={'id': 2},
        status=202,
    ),
    'stories_consent_retrieve': operation(
        ('The story as written, for the member it is about (to read before consenting). Anyone else: '
         '`not_found`.'),
        parameters={'id': 1},
        response=GRACE_STORY,
    ),
    'stories_consent_create': operation(
        'The member the story is about consents to its publication (R19). Anyone else: `not_found`.',
        parameters={'id': 1},
        response={**GRACE_STORY, 'consent_given_at': '2026-12-01T12:07:00.019965Z', 'published_at': None,
                  'updated': '2026-12-01T12:07:00.020044Z'},
    ),
    'stories_consent_destroy': operation(
        ('The member the story is about withdraws consent: a published story leaves the public pages at once. '
         'Anyone else: `not_found`.'),
        parameters={'id': 1},
        response={**GRACE_STORY, 'consent_given_at': None, 'published_at': None,
                  'updated': '2026-12-01T12:07:00.010579Z'},
    ),
    'stories_publish_create': operation(
        ('Program staff publish the story now, or at `published_at`. Refusals: `consent_required` (400, the '
         'subject has not consented), `not_found`.'),
        parameters={'id': 1},
        request={},
        response={**GRACE_STORY, 'published_at': '2026-12-01T12:07:00.000599Z',
                  'updated': '2026-12-01T12:07:00.000670Z'},
    ),
    'stories_unpublish_create': operation(
        'Program staff take the story off the public pages and the feed. Refusals: `not_found`.',
        parameters={'id': 1},
        response={**GRACE_STORY, 'published_at': None, 'updated': '2026-12-01T12:06:59.990848Z'},
    ),
    'citations_list': operation(
        ('Citations (KR 5.2): program staff read those of the programs they run on this site; anyone else '
         'signed in reads their own. Refusals: `not_authenticated`.'),
        response={'id': 2,
         'program': 'dcp',
         'username': 'nominator',
         'source': 'page',
         'statement': 'Seeing the first cohort recognized got me to join a WG.',
         'cited_at': '2026-12-01T12:06:58.614613Z'},
    ),
    'citations_create': operation(
        ('A signed-in person says the program motivated them, with an optional sentence; once per person and '
         'program (again: the sentence changes). Refusals: `not_found` on `program` (no such active program on '
         'this site), `invalid`.'),
        request={'program': 'dcp', 'statement': 'The spotlight stories got me to contribute.'},
        response={'id': 3,
         'program': 'dcp',
         'username': 'staff',
         'source': 'page',
         'statement': 'The spotlight stories got me to contribute.',
         'cited_at': '2026-12-01T12:07:00.033956Z'},
        status=201,
    ),
}
