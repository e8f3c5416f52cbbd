"""Three signed-in browser sessions switch pages and move sliders while the orders are replaced from a
second process: no exception element, no failed replacement, and every overview shows the revenue of
the data version it names (a bounded version of the load run)."""
from tests.bench import load_sessions


def test_sessions_keep_working_while_the_orders_are_replaced():
    # The overview every other page: it names the data version and shows the revenue card checked;
    # the segments and composition pages have sliders, moved before the next click.
    run = load_sessions.run(sessions=3, seconds=30, customers=1_500, replace_every=6,
                            paths=["", "segments", "", "composition", "", "retention"])
    assert run.errors == []
    assert run.replacements >= 2  # 30 s, one every 6 s: 4 on a quiet machine, fewer when the cores are shared
    assert sum(1 for kind, _ in run.timings if kind == "page") >= 3
    assert sum(1 for kind, _ in run.timings if kind == "slider") >= 1
    assert len(run.expected) == run.replacements + 1  # every replacement reported its revenue
    assert len(set(run.expected.values())) > 1
    # Overviews read on old and new data: the sessions go on after the last replacement until one shows it.
    assert len({version for version, _ in run.seen}) >= 2, (run.seen, run.expected)
    assert max(version for version, _ in run.seen) == max(run.expected), (run.seen, run.expected)
    assert run.mismatches() == []
