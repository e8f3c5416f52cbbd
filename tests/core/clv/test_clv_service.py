"""The model over a workspace: the clv_scores table at publish, holdout validation, and `python -m core clv fit`."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from core import sql
from core.cli import main
from core.clv.clv import SCORE_COLUMNS, CLVSettings, predict_clv
from core.clv.service import default_calibration_end, fit, p_alive_grid, validate
from tests.conftest import publish_frames


def test_scores_table_matches_a_fit_on_the_summary(demo_workspace):
    ctx = sql.default_context(demo_workspace)
    with demo_workspace.reading(ctx.generation) as cur:
        table = cur.sql("select * from clv_scores order by customer_id").pl()
    assert table.columns == list(SCORE_COLUMNS)
    expected = fit(demo_workspace, ctx).scores.select(SCORE_COLUMNS).sort("customer_id")
    assert table["customer_id"].to_list() == expected["customer_id"].to_list()
    assert table["predicted_clv"].to_list() == pytest.approx(expected["predicted_clv"].to_list())
    assert table["at_risk"].to_list() == expected["at_risk"].to_list()
    assert table["predicted_clv"].null_count() == 0 and (table["predicted_clv"] >= 0).all()


def test_scores_table_exists_with_empty_model_columns_when_data_is_too_small(workspace):
    publish_frames(
        workspace,
        {
            "orders": [
                {"order_id": "1", "customer_id": "a", "order_date": dt.date(2026, 1, 1), "amount": 10.0},
                {"order_id": "2", "customer_id": "a", "order_date": dt.date(2026, 2, 1), "amount": 20.0},
            ]
        },
    )
    with workspace.reading() as cur:
        rows = cur.sql("select customer_id, p_alive, predicted_clv, at_risk from clv_scores").fetchall()
    assert rows == [("a", None, None, False)]


def test_validation_on_demo_data(demo_workspace):
    ctx = sql.default_context(demo_workspace)
    cal_end = ctx.as_of - dt.timedelta(days=26 * 7)
    v = validate(demo_workspace, ctx, cal_end, ctx.as_of, CLVSettings())
    assert v.errors is not None and not [p for p in v.problems if p.severity == "error"]
    assert v.customers > 0 and v.by_count["customers"].sum() == v.customers
    assert v.weekly["holdout"].any() and not v.weekly["holdout"].all()
    assert v.weekly["actual"].is_sorted() and v.weekly["predicted"].is_sorted()
    assert v.errors.actual_total > 0


def test_validation_with_a_holdout_too_short_says_so(demo_workspace):
    ctx = sql.default_context(demo_workspace)
    v = validate(demo_workspace, ctx, ctx.as_of - dt.timedelta(days=3), ctx.as_of)
    assert [p.key for p in v.problems] == ["clv.problem.short_holdout"]
    assert v.errors is None and v.weekly.is_empty()
    assert "слишком короткий" in v.problems[0].message("ru").lower()


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (
            dt.date(2024, 1, 1),
            dt.date(2026, 1, 1),
            dt.date(2026, 1, 1) - dt.timedelta(weeks=34),
        ),  # 731 d: 243 // 7
        (dt.date(2026, 1, 1), dt.date(2026, 1, 20), dt.date(2025, 12, 23)),  # at least 4 weeks
    ],
)
def test_default_calibration_end_keeps_a_third_as_holdout(first, last, expected):
    assert default_calibration_end(first, last) == expected


def test_p_alive_grid_is_one_without_repeats_and_falls_with_silence():
    from core.clv.bgnbd import BGNBDParams

    grid = p_alive_grid(BGNBDParams(0.24, 4.4, 0.79, 2.4), max_frequency=3, T=30.0, steps=4)
    assert grid.height == 4 * 4
    assert grid.filter(pl.col("frequency") == 0)["p_alive"].to_list() == [1.0] * 4
    row = grid.filter(pl.col("frequency") == 3).sort("recency")["p_alive"]
    assert row.is_sorted() and row[0] < row[-1]


def test_cli_fit_json_has_the_agreed_shape(demo_workspace, capsys):
    assert main(["--workspace", str(demo_workspace.path), "clv", "fit", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"customers", "bgnbd", "gamma_gamma"}
    assert set(out["bgnbd"]) == {"r", "alpha", "a", "b", "log_likelihood"}
    assert set(out["gamma_gamma"]) == {"p", "q", "v", "customers"}
    ctx = sql.default_context(demo_workspace)
    expected = predict_clv(
        sql.run(demo_workspace, "clv__summary", ctx, calibration_end=ctx.as_of, days_per_unit=7.0)
    )
    assert out["customers"] == expected.customers
    assert out["bgnbd"]["r"] == pytest.approx(expected.bgnbd.params.r)
    assert out["gamma_gamma"]["customers"] == expected.gamma_gamma.customers


def test_cli_fit_day_unit_scales_alpha(demo_workspace, capsys):
    assert main(["--workspace", str(demo_workspace.path), "clv", "fit", "--json", "--time-unit", "day"]) == 0
    days = json.loads(capsys.readouterr().out)
    assert main(["--workspace", str(demo_workspace.path), "clv", "fit", "--json"]) == 0
    weeks = json.loads(capsys.readouterr().out)
    assert days["bgnbd"]["alpha"] == pytest.approx(7 * weeks["bgnbd"]["alpha"], rel=1e-3)
    assert days["bgnbd"]["r"] == pytest.approx(weeks["bgnbd"]["r"], rel=1e-3)


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["clv", "fit", "--calibration-end", "2001-01-01"], 1, "Слишком мало клиентов"),
        (["--lang", "en", "clv", "fit", "--calibration-end", "2001-01-01"], 1, "Too few customers"),
        (["clv", "fit", "--calibration-end", "31.01.2026"], 2, "not a date"),
        (["clv", "fit", "--time-unit", "month"], 2, "invalid choice"),
    ],
)
def test_cli_fit_failures(demo_workspace, capsys, argv, code, message):
    assert main(["--workspace", str(demo_workspace.path), *argv]) == code
    assert message in capsys.readouterr().err


def test_the_builds_fit_serves_one_fit_of_an_equal_summary_with_equal_settings(monkeypatch):
    from core.clv import service

    summary = pl.DataFrame({"customer_id": ["a", "b"], "frequency": [1.0, 0.0], "recency": [2.0, 0.0],
                            "T": [5.0, 3.0], "monetary_value": [10.0, None], "total_value": [20.0, 5.0]})
    kept = predict_clv(summary, CLVSettings())
    made: list = []
    monkeypatch.setattr(service, "predict_clv", lambda frame, settings=None: made.append(frame) or kept)
    service._keep_build_fit(summary.clone(), CLVSettings(), kept)
    other = summary.with_columns(pl.Series("T", [5.0, 4.0]))
    assert service._predict(other, CLVSettings()) is kept and made == [other]  # other data: a fit of its own
    assert service._predict(summary, CLVSettings(horizon_months=6)) is kept and len(made) == 2  # other settings
    assert service._predict(summary, CLVSettings()) is kept and len(made) == 2  # the build's, handed over ...
    assert service._predict(summary, CLVSettings()) is kept and len(made) == 3  # ... once
    service._keep_build_fit(summary, CLVSettings(), kept)
    service.forget_build_fit()
    assert service._predict(summary, CLVSettings()) is kept and len(made) == 4


def test_the_scores_of_a_base_in_blocks_are_those_of_one_pass_in_bounded_memory(demo_workspace, monkeypatch):
    # Every customer's score is a function of their own figures: scored in blocks of 37 customers, the small
    # demo's (2,000 contacts) and a drawn base's scores are exactly those of one pass.
    import tracemalloc

    import numpy as np

    from core.clv import clv as model
    from tests.core.clv.test_clv_scores import simulated_summary

    ctx = sql.default_context(demo_workspace)
    frames = [sql.run(demo_workspace, "clv__summary", ctx, calibration_end=ctx.as_of, days_per_unit=7.0),
              simulated_summary(3_000)]
    whole = [predict_clv(frame) for frame in frames]
    assert all(result.ok for result in whole)
    monkeypatch.setattr(model, "SCORE_ROWS", 37)
    for frame, one in zip(frames, whole, strict=True):
        assert predict_clv(frame).scores.equals(one.scores)
    # ... and hold the arrays of a block, not of the base: beside the three result arrays, 200,000 customers scored
    # at once take over five more arrays of the base's doubles at the peak; in blocks of 10,000, a block's arrays
    # and its distinct (x, T) pairs' thirteen months, under 4 MB whatever the base.
    rng = np.random.default_rng(2)
    T = rng.integers(1, 1096, 200_000) / 7
    x = rng.poisson(1.5, T.size).astype(float)
    t_x = np.where(x > 0, np.floor(T * 7 * rng.uniform(0.2, 1.0, T.size)) / 7, 0.0)
    spend = rng.gamma(6.0, 300.0, T.size)
    params, settings = whole[0].bgnbd.params, CLVSettings()

    def peak() -> int:
        tracemalloc.start()
        try:
            model.clv_values(params, x, t_x, T, spend, settings)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    results = 3 * T.size * 8
    monkeypatch.setattr(model, "SCORE_ROWS", 1_000_000)
    at_once = peak() - results
    monkeypatch.setattr(model, "SCORE_ROWS", 10_000)
    in_blocks = peak() - results
    assert at_once > 5 * T.size * 8
    assert in_blocks < 4_000_000 and in_blocks * 2.5 < at_once
