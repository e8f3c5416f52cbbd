"""What customers buy: categories of the period (buyers, revenue, average check, repeat rate, margin),
cross-sell pairs with lift, and how the order lines fit the orders."""
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
    widgets.table({
        tr("categories.col.category"): frame["category"].to_list(),
        tr("categories.col.buyers"): [fmt.number(v) for v in frame["buyers"]],
        tr("categories.col.orders"): [fmt.number(v) for v in frame["orders"]],
        tr("categories.col.revenue"): [fmt.money(v, decimals=0) for v in frame["revenue"]],
        tr("categories.col.revenue_share"): [fmt.percent(v) for v in frame["revenue_share"]],
        tr("categories.col.per_order"): [fmt.money(v) for v in frame["per_order"]],
        tr("categories.col.aov"): [fmt.money(v) for v in frame["aov"]],
        tr("categories.col.repeat_rate"): [fmt.percent(v) for v in frame["repeat_rate"]],
        tr("categories.col.margin"): [fmt.percent(v) if v is not None else None for v in frame["margin"]],
    })
    st.markdown(f"**{tr('categories.chart')}**")
    ui_charts.show(st, charts.bars(frame, "category", "revenue_share", {}, "%", horizontal=True), width="stretch")

st.subheader(tr("categories.cross"), help=tr("categories.cross.help"))
least = st.number_input(tr("categories.cross.min"), min_value=1, max_value=100_000,
                        value=categories.MIN_PAIR_CUSTOMERS, step=1, key="categories_min")
pairs = db.cached(categories.cross_sell, ctx, int(least))
if pairs.is_empty():
    st.info(tr("categories.cross.none"))
else:
    widgets.table({
        tr("categories.col.pair"): [f"{a} + {b}" for a, b in zip(pairs["category_a"], pairs["category_b"])],
        tr("categories.col.both"): [fmt.number(v) for v in pairs["customers"]],
        tr("categories.col.confidence_ab"): [fmt.percent(v) for v in pairs["confidence_ab"]],
        tr("categories.col.confidence_ba"): [fmt.percent(v) for v in pairs["confidence_ba"]],
        tr("categories.col.lift"): [fmt.number(v, 2) for v in pairs["lift"]],
    })

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
