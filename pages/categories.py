"""What customers buy: categories of the period (buyers, revenue, average check, repeat rate, margin),
cross-sell pairs with lift, and how the order lines fit the orders."""
import polars as pl
import streamlit as st

from core import categories, fmt
from core.charts import segments as charts
from ui import charts as ui_charts
from ui import db, state, widgets
from ui.i18n import tr

ctx = state.context()
st.title(tr("categories.title"))
st.caption(tr("categories.period", start=fmt.date(ctx.start), end=fmt.date(ctx.end)))
check = db.cached(categories.line_check, ctx)
if not check["lines"]:
    st.info(tr("categories.no_lines"), icon=":material/shopping_basket:")
    st.stop()

st.subheader(tr("categories.table"), help=tr("categories.table.help"))
frame = db.cached(categories.by_category, ctx)
if frame.is_empty():
    widgets.empty_state()
else:
    col = {name: tr(f"categories.col.{name}") for name in (
        "category", "buyers", "orders", "revenue", "revenue_share", "per_order", "aov", "repeat_rate", "margin")}
    widgets.table(frame.select(*col).rename(col), formats={
        col["revenue"]: "money0", col["per_order"]: "money", col["aov"]: "money", col["revenue_share"]: "percent",
        col["repeat_rate"]: "percent", col["margin"]: "percent"})
    st.markdown(f"**{tr('categories.chart')}**")
    ui_charts.show(st, charts.bars(frame, "category", "revenue_share", {}, "%", horizontal=True), width="stretch")

st.subheader(tr("categories.cross"), help=tr("categories.cross.help"))
least = st.number_input(tr("categories.cross.min"), min_value=1, max_value=100_000,
                        value=categories.MIN_PAIR_CUSTOMERS, step=1, key="categories_min")
pairs = db.cached(categories.cross_sell, ctx, int(least))
if pairs.is_empty():
    st.info(tr("categories.cross.none"))
else:
    pair = {name: tr(f"categories.col.{name}") for name in ("both", "confidence_ab", "confidence_ba", "lift")}
    widgets.table(pairs.select(
        pl.concat_str("category_a", pl.lit(" + "), "category_b").alias(tr("categories.col.pair")),
        *(pl.col("customers" if name == "both" else name).alias(label) for name, label in pair.items()),
    ), formats={pair["confidence_ab"]: "percent", pair["confidence_ba"]: "percent", pair["lift"]: "decimal"})

st.subheader(tr("categories.check"), help=tr("categories.check.help", tolerance=fmt.money(categories.TOLERANCE)))
examples = (tr("categories.check.examples", ids=", ".join(check["unknown_examples"]))
            if check["unknown_examples"] else "")
st.markdown(tr("categories.check.text", lines=fmt.number(check["lines"]), unknown_lines=fmt.number(check["unknown_lines"]),
               unknown_orders=fmt.number(check["unknown_orders"]), examples=examples,
               orders_with_lines=fmt.number(check["orders_with_lines"]),
               mismatched=fmt.number(check["mismatched_orders"]), without=fmt.number(check["orders_without_lines"])))
for row in check["mismatched_examples"]:
    st.caption(tr("categories.check.mismatch_row", order_id=row["order_id"], amount=fmt.money(row["amount"]),
                  lines_amount=fmt.money(row["lines_amount"])))
