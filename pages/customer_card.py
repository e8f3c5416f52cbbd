"""Customer card: find a customer, then contacts, consent, classes, orders and interactions."""
import polars as pl
import streamlit as st

from core import card, communications, composition, datasets, definitions, fmt, text
from core.charts import composition as charts
from ui import charts as ui_charts
from ui import db, state, widgets
from ui.i18n import lang, tr

ctx = state.context()
viewer = ctx.viewer
st.title(tr("card.title"))

personal = viewer.can("personal_data")
query = st.text_input(tr("card.search") if personal else tr("card.search.id_only"), key="card_query",
                      value=st.query_params.get("customer", ""), help=tr("card.search.help"))
found = db.cached(card.search, ctx, query) if query.strip() else None
customer_id = None
if found is not None:
    if found.is_empty():
        st.info(tr("card.none"))
    else:
        caption = tr("card.found", count=fmt.number(found.height))
        if found.height >= card.SEARCH_LIMIT:
            caption += " " + tr("card.found_more", count=card.SEARCH_LIMIT)
        st.caption(caption)
        options = found["customer_id"].to_list()
        # An exact match on the id, e-mail or phone comes first, so it is the one opened.
        shown = {r["customer_id"]: " · ".join(str(v) for v in (r["customer_id"], r["name"], r["email"],
                                                                fmt.phone(r["phone"]) if r["phone"] else None) if v)
                 for r in found.iter_rows(named=True)}
        customer_id = st.selectbox(tr("card.pick"), options, format_func=lambda c: shown[c], key="card_pick")

if customer_id:
    st.query_params["customer"] = customer_id
    person = db.cached(card.profile, ctx, customer_id)
    if person is None:
        st.warning(tr("card.not_found", customer_id=text.md(customer_id)))
        st.stop()
    st.header(text.md(person["name"] or person["customer_id"]))
    yes_no = {True: tr("card.consent.yes"), False: tr("card.consent.no")}
    contacts, classes, facts = st.columns(3)
    with contacts.container(border=True):
        st.markdown(f"**{tr('card.contacts')}**")
        st.markdown(f"ID: {text.md(person['customer_id'])}  \n"
                    f"{tr('composition.col.email')}: {text.md(person['email'])}  \n"
                    f"{tr('composition.col.phone')}: {text.md(fmt.phone(person['phone']) if person['phone'] else None)}  \n"
                    f"{tr('composition.col.city')}: {text.md(person['city'])}, {text.md(person['region'] or '')}  \n"
                    f"{tr('composition.col.manager')}: {text.md(person['manager'])}")
        st.markdown(f"**{tr('card.consent')}**: e-mail — {yes_no[bool(person['consent_email'])]}, "
                    f"SMS — {yes_no[bool(person['consent_sms'])]}")
        gender = tr(f"card.gender.{person['gender']}") if person["gender"] in ("m", "f") else "—"
        birth = person["birth_date"]
        birth_text = fmt.date(birth) if hasattr(birth, "strftime") else text.md(birth)
        st.markdown(f"**{tr('card.profile')}**: {tr('card.field.birth_date')} {birth_text}, "
                    f"{tr('card.field.gender')} {gender}  \n{tr('card.field.source')}: {text.md(person['source'])}  \n"
                    f"{tr('card.field.registered_at')}: {fmt.date(person['registered_at'])}")
    with classes.container(border=True):
        st.markdown(f"**{tr('card.classes')}**")
        rows = [("base_type", "base_type"), ("temperature", "temperature"), ("lifecycle", "lifecycle"),
                ("rfm", "rfm_segment"), ("abc", "abc_class"), ("behaviour", "behaviour_type")]
        for section, column in rows:
            st.markdown(f"{definitions.title(section, lang())}: **{definitions.label(section, person[column], lang())}**",
                        help=definitions.text(section, person[column], lang(), ctx.thresholds)
                        if person[column] else None)
        if person["r_score"] is not None:
            st.caption(tr("card.rfm_scores", r=person["r_score"], f=person["f_score"], m=person["m_score"]))
        if person["discount_buyer"]:
            st.caption(tr("card.discount_buyer.yes"))
    with facts.container(border=True):
        st.markdown(f"**{tr('card.facts')}**")
        st.markdown(
            f"{tr('composition.col.orders')}: **{fmt.number(person['orders'])}** · "
            f"{tr('composition.col.revenue')}: **{fmt.money(person['revenue'], decimals=0)}**  \n"
            f"{tr('composition.col.aov')}: {fmt.money(person['aov'])}  \n"
            f"{tr('card.first_order')}: {fmt.date(person['first_order_date'])} · "
            f"{tr('card.last_order')}: {fmt.date(person['last_order_date'])}  \n"
            f"{tr('card.orders_365')}: {fmt.number(person['orders_365'])} · "
            f"{tr('card.revenue_365')}: {fmt.money(person['revenue_365'], decimals=0)}")
        predicted = card.predicted_value(db.workspace(), ctx, customer_id)
        if predicted:
            st.markdown(f"**{tr('card.predicted')}**")
            for label, value in predicted.items():
                st.markdown(f"{label}: {value}")

    st.subheader(tr("card.orders.title"), help=tr("card.orders.help"))
    orders = db.cached(card.orders, ctx, customer_id)
    if orders.is_empty():
        st.caption(tr("card.orders.none"))
    else:
        monthly = card.orders_by_month(orders)
        if monthly.height:
            labels = {"revenue": tr("common.revenue"), "orders": tr("common.orders")}
            ui_charts.show(st, charts.customer_orders(monthly, labels), width="stretch",
                           personal=f"orders chart of customer {customer_id}")
        widgets.table(composition.labelled(orders, lang()).rename(
            {c: tr(f"card.col.{c}") for c in orders.columns if c != "manager"}))

    st.subheader(tr("card.interactions.title"))
    talks = db.cached(card.interactions, ctx, customer_id)
    if talks.is_empty():
        st.caption(tr("card.interactions.none"))
    else:
        if person["last_nps"] is not None:
            st.caption(tr("card.interactions.nps", score=person["last_nps"]))
        readable = talks.with_columns(talks["type"].replace_strict(
            {k: tr(f"card.interaction.{k}") for k in ("call", "email", "support", "complaint", "review", "survey")},
            default=talks["type"]))
        widgets.table(composition.labelled(readable, lang()).rename(
            {c: tr(f"card.col.{c}") for c in readable.columns if c != "manager"}))

    st.subheader(tr("card.communications.title"), help=tr("card.communications.help"))
    sent = db.cached(communications.customer_history, ctx, customer_id)
    if sent.is_empty():
        st.caption(tr("card.communications.none"))
    else:
        stopped = sent.filter(pl.col("unsubscribed"))
        if stopped.height:
            st.warning(tr("card.communications.unsubscribed", items=", ".join(
                f"{tr('channel.' + r['channel']) if r['channel'] in datasets.COMMUNICATION_CHANNELS else r['channel']}"
                f" — {fmt.date(r['sent_at'])}" for r in stopped.iter_rows(named=True))))
        readable = sent.with_columns(pl.col("channel").replace_strict(
            {c: tr(f"channel.{c}") for c in datasets.COMMUNICATION_CHANNELS}, default=pl.col("channel")))
        widgets.table(readable.rename({c: tr(f"card.col.{c}") for c in readable.columns}))
