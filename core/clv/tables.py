"""Customer lists of the predicted-LTV page: top customers and the at-risk list, for display and for CSV."""

from __future__ import annotations

from typing import Literal

from urllib.parse import quote

import polars as pl

from core import customers, fmt, sql
from core.clv.clv import CLVModel
from core.context import QueryContext
from core.i18n import t
from core.workspace import Workspace

ListKind = Literal["top", "at_risk", "historical"]

# column -> i18n key of its header
COLUMNS: dict[str, str] = {
    "customer_id": "clv.col.customer_id",
    "predicted_clv": "clv.col.predicted_clv",
    "p_alive": "clv.col.p_alive",
    "expected_purchases": "clv.col.expected_purchases",
    "expected_avg_spend": "clv.col.expected_avg_spend",
    "transactions": "clv.col.transactions",
    "total_value": "clv.col.total_value",
    "name": "clv.col.name",
    "card": "clv.col.card",
}
MONEY = ("predicted_clv", "expected_avg_spend", "total_value")
TOP_N = 20  # rows of the page's top and historical lists


def customer_list(scores: pl.DataFrame, kind: ListKind, limit: int | None = None) -> pl.DataFrame:
    """Rows of a list, raw values: top by predicted CLV, at-risk by historical value, or historical by value.

    Only the list's columns are sorted, and for the first `limit` rows only the customers at or above the
    `limit`-th largest value (`_candidates`): the page's lists of 20 no longer sort every customer's scores."""
    columns = (
        ["customer_id", "transactions", "total_value"]
        if kind == "historical"
        else [
            "customer_id",
            "predicted_clv",
            "p_alive",
            "expected_purchases",
            "expected_avg_spend",
            "transactions",
            "total_value",
        ]
    )
    if kind == "at_risk":
        scores = scores.filter(pl.col("at_risk"))
    frame = scores.with_columns((pl.col("frequency") + 1).cast(pl.Int64).alias("transactions")).select(columns)
    if kind == "top":
        frame = _candidates(frame, "predicted_clv", limit).sort(
            ["predicted_clv", "customer_id"], descending=[True, False], nulls_last=True)
    elif kind == "at_risk":
        frame = frame.sort(["total_value", "customer_id"], descending=[True, False])  # nulls first: no cut
    else:
        frame = _candidates(frame, "total_value", limit).sort(
            ["total_value", "customer_id"], descending=[True, False], nulls_last=True)
    return frame.head(limit) if limit is not None else frame


def _candidates(frame: pl.DataFrame, key: str, limit: int | None) -> pl.DataFrame:
    """The rows that can be among the first `limit` by `key` descending (nulls last): those at or above the
    `limit`-th largest value. All of them when there is no limit, fewer values than `limit` (nulls would come
    next) or a NaN (it sorts above every number)."""
    values = frame[key].drop_nulls()
    if limit is None or limit <= 0 or values.len() < limit or values.is_nan().any():
        return frame
    return frame.filter(pl.col(key) >= values.top_k(limit).min())


def for_csv(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The list with headers in `lang` (numbers stay numbers for Excel; no card links)."""
    return frame.drop("card", strict=False).rename({c: t(COLUMNS[c], lang) for c in frame.columns if c != "card"})


# The kind of each figure for display (core/display.py): money, shares as percent, counts.
KINDS: dict[str, str] = {"predicted_clv": "money", "expected_avg_spend": "money", "total_value": "money",
                         "p_alive": "share", "expected_purchases": "decimal", "transactions": "integer"}
CARD_PAGE = "customer_card"


def named(ws: Workspace, ctx: QueryContext, frame: pl.DataFrame) -> pl.DataFrame:
    """The list with each customer's name after the id, as the viewer may see it (initials without the
    personal-data right), and the address of their customer card (`card`)."""
    names = sql.run(ws, "clv__names", ctx, ids=frame["customer_id"].to_list())
    shown = customers.present(frame.join(names, on="customer_id", how="left", maintain_order="left"), ctx.viewer)
    link = pl.lit(f"{CARD_PAGE}?customer=") + pl.col("customer_id").map_elements(quote, return_dtype=pl.String)
    order = ["customer_id", "name", *[c for c in frame.columns if c != "customer_id"], "card"]
    return shown.with_columns(link.alias("card")).select(order)


def for_display(frame: pl.DataFrame, lang: str) -> tuple[pl.DataFrame, dict[str, str]]:
    """The list with headers in `lang` (values stay numbers) and each column's display kind by header."""
    headers = {c: t(COLUMNS[c], lang) for c in frame.columns}
    return frame.rename(headers), {headers[c]: kind for c, kind in KINDS.items() if c in headers}


def parameters(result: CLVModel, lang: str) -> pl.DataFrame:
    """Fitted parameters with their meaning in `lang` (rows of the fitted models only)."""
    rows: list[tuple[str, str, str, str]] = []
    if result.bgnbd is not None:
        bg = result.bgnbd
        for name, value in (
            ("r", bg.params.r),
            ("alpha", bg.params.alpha),
            ("a", bg.params.a),
            ("b", bg.params.b),
        ):
            rows.append(("BG/NBD", name, fmt.number(value, 4), t(f"clv.param.{name}", lang)))
        rows.append(("BG/NBD", "LL", fmt.number(bg.log_likelihood, 1), t("clv.param.ll", lang)))
    if result.gamma_gamma is not None:
        gg = result.gamma_gamma
        for name, value in (("p", gg.params.p), ("q", gg.params.q), ("v", gg.params.v)):
            rows.append(("Gamma-Gamma", name, fmt.number(value, 4), t(f"clv.param.{name}", lang)))
        rows.append(("Gamma-Gamma", "n", fmt.number(gg.customers), t("clv.param.customers", lang)))
    headers = [
        t(k, lang) for k in ("clv.params.model", "clv.params.name", "clv.params.value", "clv.params.meaning")
    ]
    return pl.DataFrame(rows, schema=headers, orient="row")
