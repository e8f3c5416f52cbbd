"""Three signed-in browser sessions switch pages and move sliders while the orders are replaced from a
second process: no exception element, no failed replacement (a bounded version of the load run)."""
from tests.bench import load_sessions


def test_sessions_keep_working_while_the_orders_are_replaced():
    timings, errors, replacements = load_sessions.run(sessions=3, seconds=25, customers=1_500, replace_every=6)
    assert errors == []
    assert replacements >= 3
    assert sum(1 for kind, _ in timings if kind == "page") >= 3  # every session rendered pages
