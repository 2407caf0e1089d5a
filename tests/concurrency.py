"""
Run calls at the same moment in threads with their own database connections: how the concurrency tests
(MariaDB only) show that row locks and constraints keep state whole.
"""

import threading


def race(*calls, timeout=60):
    """
    Start every ``call()`` in its own thread behind one barrier; return their outcomes in order: the value
    returned, or the exception raised. Each thread closes its database connections when done.
    """
    from django.db import connections

    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return outcomes
