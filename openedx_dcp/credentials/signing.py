"""
What issuing a badge and issuing an endorsement share: a free entry in a status list, and the embedded Data
Integrity proof of a document.
"""

import secrets

from openedx_dcp.credentials import dataintegrity, documents
from openedx_dcp.credentials.models import StatusList

__all__ = ["entries_of", "allocate_status_entry", "data_integrity_proof"]


def entries_of(status_list):
    """The credentials that have their entries in ``status_list`` (badges or endorsements)."""
    if status_list.holds == StatusList.ENDORSEMENTS:
        return status_list.endorsement_credentials.all()
    return status_list.credentials.all()


def allocate_status_entry(program, holds=StatusList.BADGES):
    """
    A free position in the program's newest status list of ``holds`` (a new list when it is full). Positions are
    random, as the Bitstring Status List specification recommends, so a position says nothing about when or to
    whom a credential was issued. Callers hold the program row lock, which serializes allocation across workers.
    """
    status_list = StatusList.objects.filter(program=program, holds=holds).order_by("-number").first()
    if status_list is None or entries_of(status_list).count() >= status_list.size:
        last = StatusList.objects.filter(program=program).order_by("-number").first()
        status_list = StatusList.objects.create(program=program, number=last.number + 1 if last else 1, holds=holds)
    taken = entries_of(status_list).values_list("status_index", flat=True)
    while True:
        index = secrets.randbelow(status_list.size)
        if not taken.filter(status_index=index).exists():
            return status_list, index


def data_integrity_proof(program, key, document, created):
    secured = dataintegrity.add_proof(
        document, key.data_integrity_key, created=documents.format_datetime(created),
        verification_method=documents.verification_method(program, key.data_integrity_fragment),
    )
    return secured["proof"][0]
