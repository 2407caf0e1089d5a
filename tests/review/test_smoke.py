from openedx_dcp.nominations.models import NominationState
from openedx_dcp.programs.models import Cycle
from openedx_dcp.review import api
from tests.review.factories import at_announcement


def test_smoke_whole_cycle(world):
    world.to_approved()
    assert world.cycle.stage == Cycle.APPROVED
    assert api.release_decisions(cycle=world.cycle, actor=world.staff) == 3
    with at_announcement(world.cycle):
        api.announce_cohort(cycle=world.cycle, actor=world.staff)
    world.refresh()
    assert [n.state for n in world.nominations] == [NominationState.ANNOUNCED] * 2 + [NominationState.NOT_SELECTED]
