"""The segment builder's widgets: one row per condition, kept in session state, and the `?segment=` link.

Conditions live in `st.session_state[CONDITIONS]` as dicts (id, field, op, value, not, group); each row's
widgets are keyed by the condition's id and operation, so a row keeps its values while others
change. Numeric ranges have a slider and typed bounds kept in step both ways. Conditions combine by the
mode chosen at the top (`MODE`: all of them or any of them); a condition with a `group` belongs to one of
the groups in `st.session_state[GROUPS]` (id, mode), whose conditions combine by the group's own mode
(widget `g<id>_mode`) and which counts as one item of the top level.
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import streamlit as st

from core import definitions, fmt
from core.context import QueryContext
from core.i18n import has
from core.segments import results, wording
from core.segments import rules as R
from ui import db, state, widgets
from ui.i18n import lang, tr

CONDITIONS = "seg_conditions"
GROUPS = "seg_groups"
MODE = "seg_mode"
SAMPLE_COLUMNS: tuple[str, ...] = (
    "customer_id", "name", "email", "phone", "city", "base_type", "rfm_segment", "orders", "revenue", "aov",
    "recency_days", "consent_email", "consent_sms",
)
COMPARE_METRICS: tuple[str, ...] = ("customers", "customer_share", "revenue", "revenue_share", "aov", "buyers")
LINK_SEEN = "seg_link_seen"
LOADED = "seg_loaded"
_ids = itertools.count(1)
Draw = Callable[[], None]


def field_label(field: str) -> str:
    """The field's name in the session's language."""
    return tr(f"segments.field.{field}")


def value_label(field: str, value: Any) -> str:
    """A value of a field as shown (translated for fixed classes)."""
    key = f"segments.value.{field}.{value}"
    return tr(key) if has(key) else str(value)


def sample_table(frame: Any) -> Any:
    """The sample's columns shown on screen, with their names in the session's language."""
    frame = frame.select(SAMPLE_COLUMNS).with_columns(
        frame["base_type"].map_elements(lambda v: value_label("base_type", v), return_dtype=frame["base_type"].dtype),
        frame["rfm_segment"].map_elements(lambda v: value_label("rfm_segment", v),
                                          return_dtype=frame["rfm_segment"].dtype),
    )
    return frame.rename({c: field_label(c) for c in frame.columns})


def compare_cells(row: dict[str, Any]) -> list[str]:
    """One segment's summary formatted for the comparison table, in COMPARE_METRICS order."""
    return [fmt.number(row["customers"]), fmt.percent(100 * (row["customer_share"] or 0)),
            fmt.money(row["revenue"], decimals=0), fmt.percent(100 * (row["revenue_share"] or 0)),
            fmt.money(row["aov"]), fmt.number(row["buyers"])]


def share_link(rules: R.Rules) -> str:
    """A link that opens this page with these rules (the address of this session's page when known)."""
    query = f"?segment={R.encode_link(rules)}" if not rules.empty else ""
    url = st.context.url or ""
    return url.split("?", 1)[0] + query


def conditions() -> list[dict[str, Any]]:
    """The builder's conditions (a list kept in session state)."""
    return st.session_state.setdefault(CONDITIONS, [])


def groups() -> list[dict[str, Any]]:
    """The builder's groups of conditions (a list kept in session state)."""
    return st.session_state.setdefault(GROUPS, [])


def _row_of(condition: R.Condition, group: int | None) -> dict[str, Any]:
    return {"id": next(_ids), "field": condition.field, "op": condition.op, "value": condition.value,
            "not": condition.negate, "group": group, "days": condition.days, "category": condition.category}


def load(rules: R.Rules, segment_id: str | None = None) -> None:
    """Replace the builder's conditions and groups by `rules` (widgets start from their values)."""
    rows = [_row_of(c, None) for c in rules.conditions]
    made = []
    for group in rules.groups:
        gid = next(_ids)
        made.append({"id": gid, "mode": group.mode})
        st.session_state[f"g{gid}_mode"] = group.mode
        rows += [_row_of(c, gid) for c in group.conditions]
    st.session_state[CONDITIONS] = rows
    st.session_state[GROUPS] = made
    st.session_state[MODE] = rules.mode
    st.session_state[LOADED] = segment_id


def read_link() -> None:
    """Load the segment in the URL (`?segment=`) when it is new to this session; report a damaged link."""
    raw = st.query_params.get("segment")
    if raw is None or raw == st.session_state.get(LINK_SEEN):
        return
    st.session_state[LINK_SEEN] = raw
    try:
        load(R.decode_link(raw))
    except R.RuleError as exc:
        st.error(exc.message(lang()) + " " + tr("segments.error.link"), icon=":material/link_off:")
        load(R.Rules())


def write_link(rules: R.Rules) -> None:
    """Put the current rules into the URL, so the address bar is a link to this segment."""
    if not rules.empty:
        encoded = R.encode_link(rules)
        st.session_state[LINK_SEEN] = encoded
        if st.query_params.get("segment") != encoded:
            st.query_params["segment"] = encoded
    elif "segment" in st.query_params:
        del st.query_params["segment"]


def add_picker(group: int | None = None) -> None:
    """A select box that appends a condition on the chosen field (to `group` when given)."""
    options = [None] + [name for kind in R.GROUPS for name, spec in R.FIELDS.items() if spec.group == kind]
    key = "seg_add" if group is None else f"g{group}_add"

    def add() -> None:
        field = st.session_state.get(key)
        if field:
            spec = R.FIELDS[field]
            conditions().append({"id": next(_ids), "field": field, "op": spec.allowed_ops[0],
                                 "value": None, "not": False, "group": group})
        st.session_state[key] = None

    st.selectbox(tr("segments.add" if group is None else "segments.group_add"), options, key=key, on_change=add,
                 placeholder=tr("segments.add.placeholder"),
                 format_func=lambda f: tr("segments.add.placeholder") if f is None else
                 f"{tr('segments.group.' + R.FIELDS[f].group)} · {field_label(f)}")


def _add_group() -> None:
    gid = next(_ids)
    groups().append({"id": gid, "mode": "any"})
    st.session_state[f"g{gid}_mode"] = "any"


def _remove_group(gid: int) -> None:
    st.session_state[GROUPS] = [g for g in groups() if g["id"] != gid]
    st.session_state[CONDITIONS] = [c for c in conditions() if c.get("group") != gid]


def _mode_radio(key: str, prefix: str) -> None:
    """All of the conditions (AND) or any of them (OR): `prefix` names the label and options."""
    state.resend(key)
    st.radio(tr(prefix), R.MODES, key=key, horizontal=True, format_func=lambda m: tr(f"{prefix}.{m}"))


def condition_rows(ctx: QueryContext) -> tuple[R.Rules, Draw]:
    """The rules the builder's rows make, read from their widgets' state, and a function drawing the rows.

    The rules are known before the rows are drawn, so the page can send the segment's count to the
    browser first (incomplete rows are left out of the rules).
    """
    known = {g["id"] for g in groups()}
    mode = st.session_state.setdefault(MODE, "all")

    def read(members: list[dict[str, Any]]) -> tuple[list[R.Condition], list[Draw]]:
        made: list[R.Condition] = []
        draws: list[Draw] = []
        for cond in members:
            condition, draw = _row(ctx, cond)
            draws.append(draw)
            if condition is None:
                continue
            try:
                made.extend(R.parse({"all": [condition.to_json()]}).conditions)
            except R.RuleError as exc:
                draws.append(lambda message=exc.message(lang()): st.warning(message))
        return made, draws

    top, top_draws = read([c for c in conditions() if c.get("group") not in known])
    made_groups: list[R.Group] = []
    group_draws: list[tuple[int, list[Draw]]] = []
    for group in groups():
        gid = group["id"]
        group_mode = st.session_state.setdefault(f"g{gid}_mode", group["mode"])
        members, draws = read([c for c in conditions() if c.get("group") == gid])
        group_draws.append((gid, draws))
        if members:  # a group without a complete condition is left out until it has one
            made_groups.append(R.Group(group_mode, tuple(members)))

    def draw_all() -> None:
        _mode_radio(MODE, "segments.mode")
        for draw in top_draws:
            draw()
        for gid, draws in group_draws:
            with st.container(border=True):
                head = st.columns([5, 1], vertical_alignment="center")
                with head[0]:
                    _mode_radio(f"g{gid}_mode", "segments.group_mode")
                head[1].button("", icon=":material/delete:", key=f"g{gid}_rm", help=tr("segments.group_remove"),
                               type="tertiary", on_click=_remove_group, args=(gid,))
                for draw in draws:
                    draw()
                add_picker(gid)
        st.button(tr("segments.group_new"), key="seg_group_new", icon=":material/add_box:", on_click=_add_group,
                  help=tr("segments.group_new.help"))

    return R.Rules(tuple(top), tuple(made_groups), mode), draw_all


def _row(ctx: QueryContext, cond: dict[str, Any]) -> tuple[R.Condition | None, Draw]:
    spec = R.FIELDS[cond["field"]]
    cid = cond["id"]
    ops = spec.allowed_ops
    st.session_state.setdefault(f"c{cid}_op", cond["op"] if cond["op"] in ops else ops[0])
    st.session_state.setdefault(f"c{cid}_not", bool(cond["not"]))
    op = st.session_state[f"c{cid}_op"]
    initial = cond["value"] if op == cond["op"] else None
    params, draw_params = _params(ctx, spec, cid, cond)
    value, draw_value = _value_widget(ctx, spec, op, f"c{cid}_{op}", initial)

    def draw() -> None:
        state.resend(f"c{cid}_op", f"c{cid}_not")
        with st.container(border=True):
            head = st.columns([5, 1], vertical_alignment="center")
            terms = definitions.FIELD_TERMS.get(spec.name)
            head[0].markdown(f"**{field_label(spec.name)}**",
                             help=definitions.category_help(lang(), terms) if terms else None)
            head[1].button("", icon=":material/close:", key=f"c{cid}_rm", help=tr("segments.remove"),
                           type="tertiary", on_click=_remove, args=(cid,))
            line = st.columns([3, 2], vertical_alignment="center")
            line[0].selectbox(tr("segments.op"), ops, key=f"c{cid}_op", format_func=lambda o: tr(f"segments.op.{o}"),
                              label_visibility="collapsed", disabled=len(ops) == 1)
            line[1].toggle(tr("segments.not"), key=f"c{cid}_not", help=tr("segments.not.help"))
            draw_params(before=True)
            draw_value()
            draw_params(before=False)

    if value is None or params is None:
        return None, draw
    return R.Condition(spec.name, op, value, bool(st.session_state[f"c{cid}_not"]), **params), draw


def _params(ctx: QueryContext, spec: R.FieldSpec, cid: int, cond: dict[str, Any]) -> tuple[dict | None, Any]:
    """The condition's parameters (a category, a number of days) from their widgets, and a function drawing
    them (`before`: those drawn above the value); None while a required one is not chosen."""
    params: dict[str, Any] = {}
    draws: dict[bool, list[Draw]] = {True: [], False: []}
    if "category" in spec.params:
        key = f"c{cid}_category"
        options = db.cached(results.category_values, ctx)
        st.session_state.setdefault(key, cond.get("category") or None)
        current = st.session_state[key]  # kept when the data (or the analysis date) no longer has it
        options += [current] if current is not None and current not in options else []
        params["category"] = st.session_state[key]
        draws[True].append(_widget(st.selectbox, tr("segments.category"), options, key=key, index=None,
                                   placeholder=tr("segments.category.placeholder")))
        if not options:
            draws[True].append(lambda: st.caption(tr("segments.categories.none")))
        elif params["category"] is None:
            draws[True].append(lambda: st.caption(tr("segments.category.empty")))
    if "days" in spec.params:
        key = f"c{cid}_days"
        st.session_state.setdefault(key, cond.get("days"))
        days = st.session_state[key]
        params["days"] = None if days is None else int(days)
        draws[False].append(_widget(st.number_input, tr("segments.days"), key=key, min_value=1, max_value=R.MAX_DAYS,
                                    step=1, value=None, placeholder=tr("segments.days.placeholder"),
                                    help=tr("segments.days.help")))

    def draw(before: bool) -> None:
        for part in draws[before]:
            part()

    complete = all(params.get(name) is not None for name, needed in R.PARAMS.items() if needed and name in spec.params)
    return (params if complete else None), draw


def _widget(make: Callable[..., Any], *args: Any, key: str, **kwargs: Any) -> Draw:
    """A function drawing the widget `make(*args, key=key, **kwargs)` (its value sent to the browser again)."""
    def draw() -> None:
        state.resend(key)
        make(*args, key=key, **kwargs)

    return draw


def _remove(cid: int) -> None:
    st.session_state[CONDITIONS] = [c for c in conditions() if c["id"] != cid]


def _value_widget(ctx: QueryContext, spec: R.FieldSpec, op: str, key: str, initial: Any) -> tuple[Any, Draw]:
    """The condition's value (from its widgets' state) and a function drawing those widgets."""
    if spec.kind == R.BOOLEAN:
        st.session_state.setdefault(key, True if initial is None else bool(initial))
        return st.session_state[key], _widget(st.toggle, tr("segments.yes_no"), key=key)
    if op == "contains" or op == "in" or (op == "eq" and spec.kind in (R.CATEGORICAL, R.TEXT)):
        return _choice(ctx, spec, op, key, initial)
    if spec.kind == R.DATE:
        return _dates(ctx, spec, op, key, initial)
    return _numbers(ctx, spec, op, key, initial)


def _choice(ctx: QueryContext, spec: R.FieldSpec, op: str, key: str, initial: Any) -> tuple[Any, Draw]:
    if spec.kind == R.NUMERIC:
        low, high = db.cached(results.field_range, ctx, spec.name)
        small = low is not None and high - low <= 30 and spec.integer
        options: list[Any] = list(range(int(low), int(high) + 1)) if small else []
    elif spec.name == "category_bought":
        options = db.cached(results.category_values, ctx)
    elif spec.options:
        options = list(spec.options)
    elif op == "contains" and spec.name != "interests":
        options = []
    else:
        options = db.cached(results.field_values, ctx, spec.name)
    given = list(initial) if isinstance(initial, tuple) else ([] if initial is None else [initial])
    if spec.kind == R.NUMERIC:
        given = [int(v) if float(v).is_integer() else v for v in given]
    options += [v for v in given if v not in options]
    free = not spec.options and spec.is_column  # a category condition names a category of the data

    def label(v: Any) -> str:
        return value_label(spec.name, v)

    if op == "eq":
        st.session_state.setdefault(key, given[0] if given else (options[0] if options else None))
        chosen = st.session_state[key]
        return (None if chosen is None else _typed(spec, chosen)), _widget(
            st.selectbox, tr("segments.value"), options, key=key, accept_new_options=free, format_func=label,
            label_visibility="collapsed")
    st.session_state.setdefault(key, given)
    chosen = st.session_state[key]

    def draw() -> None:
        state.resend(key)
        widgets.multiselect(st, tr("segments.values"), options, key=key, accept_new_options=free, format_func=label,
                            label_visibility="collapsed", placeholder=tr("segments.values.placeholder"))
        if not chosen:
            st.caption(tr("segments.values.empty"))

    return (tuple(_typed(spec, v) for v in chosen) if chosen else None), draw


def _typed(spec: R.FieldSpec, value: Any) -> Any:
    if spec.kind != R.NUMERIC:
        return str(value)
    try:
        return float(str(value).replace(",", ".").replace(" ", ""))
    except ValueError:
        return None


# Fields whose range is fixed (a share 0-1) rather than read from the data.
FIXED_RANGES: dict[str, tuple[float, float]] = {"category_share": (0.0, 1.0)}


def _step(spec: R.FieldSpec) -> float | int:
    if spec.integer:
        return 1
    return 0.01 if spec.name in wording.PERCENT_FIELDS else 1.0


def _numbers(ctx: QueryContext, spec: R.FieldSpec, op: str, key: str, initial: Any) -> tuple[Any, Draw]:
    """A slider within the data's range plus typed bounds, kept in step both ways."""
    low, high = FIXED_RANGES.get(spec.name) or db.cached(results.field_range, ctx, spec.name)
    cast = int if spec.integer else float
    low, high = cast(low if low is not None else 0), cast(high if high is not None else 0)
    values = [cast(v) for v in initial] if isinstance(initial, tuple) else ([] if initial is None else [cast(initial)])
    low, high = min([low, *values]), max([high, *values])
    if high <= low:
        high = low + _step(spec)
    between = op == "between"
    if between:
        start = tuple(values) if len(values) == 2 else (low, high)
    else:
        start = values[0] if values else {"gte": low, "lte": high}.get(op, low)
    names = [f"{key}_lo", f"{key}_hi"] if between else [f"{key}_v"]
    for name, value in zip(names, start if between else (start,)):
        st.session_state.setdefault(name, value)
    slider_key = f"{key}_s"
    typed = tuple(st.session_state[n] for n in names)

    def from_slider() -> None:
        picked = st.session_state[slider_key]
        for name, value in zip(names, picked if between else (picked,)):
            st.session_state[name] = value

    def to_slider() -> None:
        current = [min(max(st.session_state[n], low), high) for n in names]
        st.session_state[slider_key] = tuple(sorted(current)) if between else current[0]

    current = st.session_state.get(slider_key, typed if between else typed[0])
    # Kept inside the data's range (which moves with the analysis date); typed bounds may go beyond it.
    st.session_state[slider_key] = (tuple(min(max(v, low), high) for v in current) if between
                                    else min(max(current, low), high))

    def draw() -> None:
        state.resend(*names)  # the slider's value is set above in every run
        st.slider(field_label(spec.name), min_value=low, max_value=high, step=cast(_step(spec)), key=slider_key,
                  on_change=from_slider, label_visibility="collapsed")
        boxes = st.columns(len(names))
        labels = [tr("segments.from"), tr("segments.to")] if between else [tr("segments.value")]
        for box, name, label in zip(boxes, names, labels):
            box.number_input(label, key=name, step=cast(_step(spec)), on_change=to_slider,
                             format=None if spec.integer else ("%.0f" if _step(spec) >= 1 else "%g"))

    chosen = tuple(float(st.session_state[n]) for n in names)
    return ((min(chosen), max(chosen)) if between else chosen[0]), draw


def _dates(ctx: QueryContext, spec: R.FieldSpec, op: str, key: str, initial: Any) -> tuple[Any, Draw]:
    low, high = db.cached(results.field_range, ctx, spec.name)
    low, high = low or ctx.as_of, high or ctx.as_of
    if op == "between":
        start = tuple(initial) if isinstance(initial, tuple) else (low, high)
        st.session_state.setdefault(key, start)
        picked = st.session_state[key]
        complete = isinstance(picked, tuple) and len(picked) == 2

        def draw() -> None:
            state.resend(key)
            st.date_input(tr("segments.dates"), key=key, format="DD.MM.YYYY", label_visibility="collapsed")
            if not complete:
                st.caption(tr("segments.dates.incomplete"))

        return (picked if complete else None), draw
    st.session_state.setdefault(key, initial if isinstance(initial, dt.date) else ctx.as_of)
    return st.session_state[key], _widget(st.date_input, tr("segments.date"), key=key, format="DD.MM.YYYY",
                                          label_visibility="collapsed")
