"""Figures of the executive overview: KPI cards with the previous period and a sparkline, the
composition of the base, revenue by month, and plain-language observations.

The KPIs are `core.metrics` (the definitions of issue 5) for the chosen period and the equal
periods before it, plus the number of contacts at each period's end.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from core import composition, definitions, fmt, metrics, results, settings, sql
from core.context import QueryContext
from core.customers import BASE_TYPES
from core.i18n import t
from core.metrics.periods import Period, previous_period
from core.workspace import Workspace

SPARK_PERIODS = 8
# An observation is made when a figure moved at least this much (percent; points for rates).
MIN_CHANGE = 5.0
MIN_POINTS = 2.0
MIN_TYPE_SIZE = 20
MAX_OBSERVATIONS = 5


@dataclass(frozen=True)
class Kpi:
    """A KPI card: its key (`overview.kpi.<key>` label and `.help`), column, format and direction."""

    key: str
    column: str
    kind: str  # "number", "money", "percent"
    higher_is_better: bool = True
    needs_spend: bool = False


KPIS: tuple[Kpi, ...] = (
    Kpi("customers", "customers", "number"),
    Kpi("active", "active", "number"),
    Kpi("new", "new_customers", "number"),
    Kpi("revenue", "revenue", "money"),
    Kpi("aov", "aov", "money"),
    Kpi("repeat", "repeat_rate", "percent"),
    Kpi("retention", "crr", "percent"),
    Kpi("ltv", "ltv_gross_profit", "money"),
    Kpi("cac", "cac", "money", higher_is_better=False, needs_spend=True),
)


def kpi_label(kpi: Kpi, lang: str, ctx: QueryContext) -> str:
    """A card's name («Покупали за 90 дн.»): some carry the activity window."""
    return t(f"overview.kpi.{kpi.key}", lang, window=fmt.number(ctx.thresholds.activity_window_days))


def kpi_help(kpi: Kpi, lang: str, ctx: QueryContext) -> str:
    """A card's definition with the settings in force (activity window, inactivity, gross margin share)."""
    thresholds = ctx.thresholds
    return t(f"overview.kpi.{kpi.key}.help", lang, window=fmt.number(thresholds.activity_window_days),
             inactive_days=fmt.number(thresholds.inactive_days),
             margin=fmt.percent(100 * thresholds.gross_margin_share, 0))


def kpis(ws: Workspace, ctx: QueryContext) -> dict[str, Any]:
    """Customers in the base as of the analysis date; buyers, orders, revenue and average check in the period."""
    return sql.run(ws, "overview__kpis", ctx).row(0, named=True)


# The classifications the overview shows (`classes`), in the order of `composition.DIMENSIONS`.
CLASS_DIMENSIONS: tuple[str, ...] = ("base_type", "abc_class")
# The base types the day before the period (`classes`, for the sentences), as a dimension of their own, and
# the dimension whose classes it lists.
BEFORE = "base_type_before"
BASE_DIMENSION = {BEFORE: "base_type"}


def day_before(ctx: QueryContext) -> dt.date:
    """The day `classes` gives the base types of besides the analysis date: the day before the period, or the
    analysis date when the period starts after it."""
    return min(ctx.start - dt.timedelta(days=1), ctx.as_of)


def classes(ws: Workspace, ctx: QueryContext) -> pl.DataFrame:
    """Base types and ABC classes as of the analysis date, every class listed: dimension and the columns of
    `composition.by_dimension` (equal to it), from the orders, profiles and unsubscribes alone, so another
    date shows them without building the customer model's tables for it (categories, interactions).

    Unscoped, also the base types as of `day_before(ctx)` (dimension `BEFORE`, equal to the base types of
    `classes` at that date), made in the same pass over the orders: the sentences compare the two.

    A scoped viewer's (a manager's) are the model's: its VIP and ABC cuts rank each customer among the whole
    base, which a query over the viewer's own customers cannot see."""
    if ctx.viewer.is_scoped:
        return pl.concat([composition.by_dimension(ws, ctx, d).select(
            pl.lit(d).alias("dimension"), pl.all()) for d in CLASS_DIMENSIONS])
    found = sql.run(ws, "overview__classes", ctx, before=day_before(ctx))
    order = pl.DataFrame([{"dimension": d, "value": v} for d in (*CLASS_DIMENSIONS, BEFORE)
                          for v in composition.DIMENSIONS[BASE_DIMENSION.get(d, d)]])
    return order.join(found, on=["dimension", "value"], how="left").with_columns(
        pl.col("customers").fill_null(0), pl.col("revenue", "revenue_365", "customer_share", "revenue_share").fill_null(0.0)
    )


def class_frame(frame: pl.DataFrame, dimension: str) -> pl.DataFrame:
    """The rows of `classes` for one dimension, shaped as `composition.by_dimension`'s frame."""
    return frame.filter(pl.col("dimension") == dimension).drop("dimension")


def revenue_by_month(ws: Workspace, ctx: QueryContext) -> pl.DataFrame:
    """Revenue and distinct buyers by calendar month, up to the analysis date."""
    return sql.run(ws, "overview__revenue_by_month", ctx)


def kpi_series(ws: Workspace, ctx: QueryContext, periods: int = SPARK_PERIODS) -> pl.DataFrame:
    """Every KPI for the chosen period (k = 0) and the `periods` - 1 equal periods before it.

    Columns: k, period_start, period_end, customers (contacts at the end), active (= crr_e, a completed
    order in the activity window up to the end), has_spend, and every metric of `core.metrics.KEYS`.
    """
    chosen = [Period(ctx.start, ctx.end)]
    for _ in range(periods - 1):
        chosen.append(previous_period(chosen[-1].start, chosen[-1].end))
    frame = metrics.table(ws, ctx, chosen)
    contacts = sql.run(ws, "overview__contacts_at", ctx, period_ends=[p.end for p in chosen])
    return (frame.with_row_index("k").with_columns(pl.col("k").cast(pl.Int64), active=pl.col("crr_e"))
            .join(contacts, on="period_end", how="left"))


def active_note(types: pl.DataFrame, series: pl.DataFrame, lang: str, ctx: QueryContext) -> str:
    """Why the composition's «Активная» and the card «Покупали за W дн.» differ, with both numbers.

    `types`: `composition.by_dimension(..., "base_type")`; `series`: the cards' `kpi_series` (row k = 0).
    """
    active = types.filter(pl.col("value") == "active")["customers"]
    buyers = series.filter(pl.col("k") == 0)["active"]
    card = next(k for k in KPIS if k.key == "active")
    return t("overview.composition.active_note", lang, active=definitions.label("base_type", "active", lang),
             inactive_days=fmt.number(ctx.thresholds.inactive_days), count=fmt.number(active[0] if len(active) else 0),
             card=kpi_label(card, lang, ctx), window=fmt.number(ctx.thresholds.activity_window_days),
             buyers=fmt.number(buyers[0] if len(buyers) else 0))


def format_value(kind: str, value: float | None, lang: str = "ru") -> str:
    """A KPI value: `1 234`, `1 234 ₽`, `39,4 млн ₽`, `12,3 %` (ru) / `1,234`, `₽39.4M`, `12.3%` (en)."""
    if kind == "money" and value is not None and abs(value) >= 1e6:
        return fmt.compact_money(value, 1, lang)
    if kind == "money":
        return fmt.money(value, decimals=0, lang=lang)
    if kind == "percent":
        return fmt.percent(value, lang=lang)
    return fmt.number(value, lang=lang)


def change_text(kind: str, current: float | None, previous: float | None, lang: str) -> str | None:
    """The change to show under a card: points for rates (`+1,2 п. п.`), percent otherwise (`-3,4 %`).

    The sign is an ASCII `+` or `-`, which is how the card decides the arrow and colour.
    """
    if current is None or previous is None:
        return None
    if kind == "percent":
        return fmt.points(current - previous, 1, lang, ascii_sign=True)
    relative = fmt.change(current, previous)
    if relative is None:
        return None
    return f"{'+' if relative >= 0 else '-'}{fmt.percent(abs(relative), lang=lang)}"


def cards(series: pl.DataFrame) -> list[dict[str, Any]]:
    """Per KPI: value, previous value, change and the sparkline (oldest first); CAC only with spend data."""
    ordered = series.sort("k", descending=True)
    has_spend = bool(series["has_spend"][0]) if series.height else False
    result = []
    for kpi in KPIS:
        if kpi.needs_spend and not has_spend:
            continue
        values = ordered[kpi.column].to_list()
        current = values[-1] if values else None
        previous = values[-2] if len(values) > 1 else None
        result.append({"kpi": kpi, "value": current, "previous": previous, "spark": values,
                       "starts": ordered["period_start"].to_list(), "ends": ordered["period_end"].to_list()})
    return result


def period_word(start: dt.date, end: dt.date, lang: str) -> str:
    """«за месяц», «за квартал», «за год» or «за период» by the period's length."""
    days = (end - start).days + 1
    word = "month" if 28 <= days <= 31 else "quarter" if 89 <= days <= 92 else "year" if 365 <= days <= 366 else "period"
    return t(f"overview.obs.{word}", lang)


def type_counts(ws: Workspace, ctx: QueryContext, before_day: dt.date,
                found_classes: pl.DataFrame | None = None) -> dict[str, tuple[int, int]]:
    """Contacts per base type on `before_day` and at the period's end: `{code: (before, after)}`.

    Unscoped, the composition at each date: the context's own `classes` (`found_classes` when given) holds it
    at the analysis date and at `day_before(ctx)`, in one pass; another day's is `classes` at that day. A scoped
    viewer's from `composition.snapshots` over their customers (their `classes` is the model's, which another
    date would build). Each stored for the next request, the same for every language."""
    if ctx.viewer.is_scoped:
        snaps = results.get(ws, composition.snapshots, ctx, ((before_day, ctx.end),))
        return {code: (rows[0], rows[-1]) for code in BASE_TYPES
                for rows in [snaps.filter(pl.col("base_type") == code).sort("snapshot")["customers"].to_list()]}
    own = found_classes
    frames = []
    for day in (before_day, ctx.end):
        if day in (ctx.as_of, day_before(ctx)):
            own = own if own is not None else results.get(ws, classes, ctx, ())
            frame = class_frame(own, "base_type" if day == ctx.as_of else BEFORE)
        else:
            frame = class_frame(results.get(ws, classes, ctx.replace(as_of=day), ()), "base_type")
        frames.append(dict(frame.select("value", "customers").iter_rows()))
    return {code: (frames[0].get(code, 0), frames[1].get(code, 0)) for code in BASE_TYPES}


def observations(ws: Workspace, ctx: QueryContext, lang: str, series: pl.DataFrame | None = None,
                 found_classes: pl.DataFrame | None = None) -> list[str]:
    """A few sentences about what moved: base types over the period, KPIs against the previous period.

    `series`: the context's `kpi_series` when the caller has it already (its first two rows are used);
    `found_classes`: the context's `classes`, likewise.
    """
    found: list[tuple[float, str]] = []
    before_day = ctx.start - dt.timedelta(days=1)
    found_classes = results.get(ws, classes, ctx, ()) if found_classes is None else found_classes
    counts = type_counts(ws, ctx, before_day, found_classes)
    when = period_word(ctx.start, ctx.end, lang)
    for code in BASE_TYPES:
        before, after = counts[code]
        relative = fmt.change(after, before)
        if relative is None or max(before, after) < MIN_TYPE_SIZE or abs(relative) < MIN_CHANGE:
            continue
        key = "overview.obs.type_up" if relative > 0 else "overview.obs.type_down"
        sentence = t(key, lang, subject=t(f"overview.obs.subject.{code}", lang), change=fmt.percent(abs(relative), 0, lang),
                     period=when, before=fmt.number(before, lang=lang), after=fmt.number(after, lang=lang))
        found.append((abs(relative), sentence[0].upper() + sentence[1:]))
    series = kpi_series(ws, ctx, periods=2) if series is None else series.head(2)
    for kpi in KPIS:
        if kpi.key == "customers" or series.height < 2:
            continue
        current, previous = series[kpi.column][0], series[kpi.column][1]
        if current is None or previous is None:
            continue
        if kpi.kind == "percent":
            moved, weight = current - previous, abs(current - previous) * 2
            if abs(moved) < MIN_POINTS:
                continue
            amount = f"{fmt.number(abs(moved), 1, lang)}\u00a0{t('overview.points', lang)}"
        else:
            relative = fmt.change(current, previous)
            if relative is None or abs(relative) < MIN_CHANGE:
                continue
            moved, weight, amount = relative, abs(relative), fmt.percent(abs(relative), 0, lang)
        key = "overview.obs.kpi_up" if moved > 0 else "overview.obs.kpi_down"
        found.append((weight, t(key, lang, name=kpi_label(kpi, lang, ctx), change=amount,
                                before=format_value(kpi.kind, previous, lang),
                                after=format_value(kpi.kind, current, lang))))
    abc = class_frame(found_classes, "abc_class")
    a_row = abc.filter(pl.col("value") == "A")
    if a_row.height and a_row["customers"][0] > 0:
        found.append((0.0, t("overview.obs.abc", lang, share=fmt.percent(a_row["customer_share"][0], 0, lang),
                             revenue=fmt.percent(a_row["revenue_share"][0], 0, lang),
                             label=definitions.label("abc", "A", lang))))
    found.sort(key=lambda item: -item[0])
    return [sentence for _, sentence in found[:MAX_OBSERVATIONS]]
