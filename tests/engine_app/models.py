"""A throwaway workflow subject: a ticket in a program, with its states as ``TextChoices``."""

from django.db import models


class Ticket(models.Model):
    """
    Something a workflow moves, known to no domain package.

    .. no_pii:
    """

    class State(models.TextChoices):
        OPEN = "open", "Open"
        WAITLISTED = "waitlisted", "Waitlisted"
        DONE = "done", "Done"

    program = models.ForeignKey("openedx_dcp.Program", on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)

    def __str__(self):
        return f"Ticket #{self.pk}"
