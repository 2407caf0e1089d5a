"""
The receivers work on events that arrive over the event bus (edx-event-bus-redis against the real Redis).
"""

import os
import threading
import uuid

import pytest
import redis
from edx_event_bus_redis import create_producer
from edx_event_bus_redis.internal import consumer as consumer_module
from edx_event_bus_redis.internal.consumer import RedisEventConsumer
from openedx_events.learning.signals import COURSE_PASSING_STATUS_UPDATED

from openedx_dcp.contributions.models import ContributionSignal, TenantCourseOrg
from openedx_dcp.programs.models import CommunityRole
from tests.contributions.factories import passing_data
from tests.factories import SiteFactory, UserFactory, grant_role, make_program

# The Redis scripts/setup-machine starts or finds (DCP_REDIS_HOST / DCP_REDIS_PORT, default 127.0.0.1:6379).
REDIS_URL = f"redis://{os.environ.get('DCP_REDIS_HOST', '127.0.0.1')}:{os.environ.get('DCP_REDIS_PORT', '6379')}/11"
TOPIC = "learning-course-passing-status"


@pytest.fixture
def bus(transactional_db, settings, monkeypatch):
    """
    Producer and consumer settings on a topic prefix of this test run; the stream is deleted afterwards. No test
    transaction: the receiver writes when the consumer's transaction commits (it has none: at once).
    """
    prefix = f"dcp-signals-test-{uuid.uuid4().hex[:12]}"
    settings.EVENT_BUS_REDIS_CONNECTION_URL = REDIS_URL
    settings.EVENT_BUS_TOPIC_PREFIX = prefix
    monkeypatch.setattr(consumer_module, "CONSUMER_POLL_TIMEOUT", 1)
    yield f"{prefix}-{TOPIC}"
    redis.Redis.from_url(REDIS_URL).delete(f"{prefix}-{TOPIC}")


def test_r21_an_event_from_the_redis_event_bus_becomes_a_signal(bus):
    program = make_program(SiteFactory(domain="bus.example.com"))
    TenantCourseOrg.objects.create(site=program.site, org="OpenedX")
    member = UserFactory(username="bus-member")
    grant_role(program, member, CommunityRole.CORE_CONTRIBUTOR)

    consumer = RedisEventConsumer(TOPIC, group_id="dcp-test", consumer_name="c1")
    event_data = {"course_passing_status": passing_data(member)}
    metadata = COURSE_PASSING_STATUS_UPDATED.generate_signal_metadata()
    create_producer().send(
        signal=COURSE_PASSING_STATUS_UPDATED, topic=TOPIC, event_key_field="course_passing_status.course.course_key",
        event_data=event_data, event_metadata=metadata,
    )
    assert redis.Redis.from_url(REDIS_URL).xlen(bus) == 1

    delivered = []

    def stop_after_delivery(signal, sender, from_event_bus=False, **kwargs):
        delivered.append(from_event_bus)
        consumer._shut_down()

    COURSE_PASSING_STATUS_UPDATED.connect(stop_after_delivery, weak=False)
    watchdog = threading.Timer(20, consumer._shut_down)
    watchdog.start()
    try:
        consumer.consume_indefinitely()
    finally:
        watchdog.cancel()
        COURSE_PASSING_STATUS_UPDATED.disconnect(stop_after_delivery)

    assert delivered == [True]
    signal = ContributionSignal.objects.get(user=member)
    assert (signal.kind, signal.site_id, signal.source_id) == (
        "course_passed", program.site_id, f"course_passed:{member.pk}:course-v1:OpenedX+DCP101+2025"
    )
    assert signal.occurred_at == metadata.time
