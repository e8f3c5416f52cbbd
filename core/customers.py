"""The customer model: one row per contact as of the analysis date D, with every classification.

A contact as of D is every customer in the customers dataset plus every customer with a completed
order dated on or before D. The customers dataset is taken as it stood on D: a customer registered
after D (`registered_at` > D) is not yet a contact then, unless they already bought; a customer
without a registration date always is. The model is a derived table (`queries/derived__customer_model.sql`)
built with each new generation for the latest order date and default thresholds, and built once
more, on first use, for any other analysis date or thresholds (see `core.build`). What
depends on the date only (order facts, RFM ranks, ABC shares, interactions) is the derived table
`customer_activity`, so a change of thresholds alone reuses it. The base-type rules are macros of
every generation (`queries/macros__base_type.sql`), shared with the month-end history and the
threshold preview.

Definitions (thresholds are fields of `core.context.Thresholds`):

Base type, exactly one per contact, the first rule that applies:
1. no completed order on or before D: `mailing` («База для рассылки») with consent to e-mail or SMS
   and no personal data beyond name and contacts (no birth date, gender or city); else `potential`;
2. last completed order more than `inactive_days` (180) days before D: `inactive`;
3. `vip`: among customers with completed orders in the 365 days up to D, ranked by revenue in those
   days, the top ceil(`vip_share` × their number) and everyone tying with the last of them, or
   revenue in those days at or above `vip_min_revenue` when set;
4. exactly one completed order: `working` («Рабочая»);
5. otherwise `active`.

Temperature, the first rule that applies:
1. `cold` — a negative reaction dated at most `negative_days` (90) days before D: a complaint (interaction type
   `complaint`), an answer scored 0-6 (an NPS detractor) or an unsubscribe (interaction type `unsubscribe`;
   the one list of negative reactions is `negative_reactions` in `queries/derived__customer_activity.sql`,
   where another source of unsubscribes is added);
2. `hot` — buys regularly: at least `hot_min_orders` (3) completed orders in the 365 days up to D, the last
   at most `warm_days` (90) days before D; or bought again recently: two or more completed orders, the last
   at most `hot_days` (30) days before D (a one-time buyer is never hot);
3. `warm` — interest shown: a completed order or any interaction at most `warm_days` days before D;
4. `cold` — everyone else (no interest shown, no contact).

Lifecycle: `prospect` — no order yet; `lost` — last order more than `lost_days` (365) days ago;
`sleeping` — more than `inactive_days` (180) days ago; `new` — first order less than `new_days` (90)
days ago; `regular` — the rest.

RFM: among buyers, each score is 1 + floor(5 × percent rank) capped at 5, ranking recency from the
oldest to the newest last order, frequency by number of orders, monetary by revenue (ties share
the lower score). Segments from the R × F grid: champions (R 4–5, F 4–5), loyal (R 3, F 4–5),
potential_loyalist (R 4–5, F 2–3), new_customers (R 5, F 1), promising (R 4, F 1),
need_attention (R 3, F 3), about_to_sleep (R 3, F 1–2), cant_lose (R 1–2, F 5),
at_risk (R 1–2, F 3–4), hibernating (R 2, F 1–2), lost (R 1, F 1–2).

ABC: buyers sorted by revenue (descending); a customer is `A` while the revenue share of those
above them is below `abc_a_share` (80%), `B` below `abc_b_share` (95%), `C` otherwise.

Discount-driven: at least two orders and at least `discount_buyer_share` (50%) of them discounted.

Behaviour type (`behaviour_type`), the first that applies, or none where the data shows none:
1. `discount` (buys with discounts): discount-driven as above;
2. `purposeful` (clear, stable needs): at least `behaviour_min_orders` (3) completed orders in the 365 days up to
   D, the gaps between them (days between consecutive orders) with a coefficient of variation (population
   standard deviation / mean) at most `purposeful_max_cv` (0.5), and the top category at least
   `purposeful_min_share` (60%) of the revenue of their order lines (so it needs order lines);
3. `impulsive` (spontaneous purchases): at least `behaviour_min_orders` orders in the 365 days, gaps with a
   coefficient of variation at least `impulsive_min_cv` (1.0), at least `impulsive_min_categories` (3)
   distinct categories, and an average check over the 365 days below the median of the buyers' average checks
   over those days (small orders);
4. `loyal` (buys often): R and F scores (the RFM quintiles) both at least `loyal_min_score` (4), about the top
   fifth of buyers by frequency and recency together;
5. `curious` (interest without a settled need): at most one completed order and at least
   `curious_min_interactions` (2) interactions in the 365 days up to D (communications opened join here when
   the product has them).

Order sequence (`queries/macros__order_sequence.sql`): a customer's orders go by date, then time of day
to the second (orders without a time after the timed ones of their day); exact ties go by the
alphabetical order of the value sought. `first_channel` is the channel of the first completed order
(trimmed; none when that order names none), found in `customer_activity`'s one pass over the orders; the
first order up to D is the first order overall, so `customer_acquisition` (the metrics' table) takes it
from the generation's own `customer_activity`, built for the latest order date. `acquisition_channel` is
the customer's source, else that channel. `manager` is the customer record's, else the manager of the
last completed order up to D that names one.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from core import sql

if TYPE_CHECKING:
    import polars as pl

    from core.access import Viewer
    from core.context import QueryContext
    from core.workspace import Workspace

BASE_TYPES: tuple[str, ...] = ("vip", "active", "working", "inactive", "potential", "mailing")
TEMPERATURES: tuple[str, ...] = ("hot", "warm", "cold")
LIFECYCLES: tuple[str, ...] = ("new", "regular", "sleeping", "lost", "prospect")
RFM_SEGMENTS: tuple[str, ...] = (
    "champions", "loyal", "potential_loyalist", "new_customers", "promising", "need_attention",
    "about_to_sleep", "cant_lose", "at_risk", "hibernating", "lost",
)
ABC_CLASSES: tuple[str, ...] = ("A", "B", "C")
BEHAVIOUR_TYPES: tuple[str, ...] = ("loyal", "discount", "impulsive", "purposeful", "curious")

# Columns of the customer model that hold personal data (masked for viewers without the right).
PERSONAL_COLUMNS: tuple[str, ...] = ("name", "email", "phone", "birth_date")


def table(ws: Workspace, ctx: QueryContext) -> pl.DataFrame:
    """The whole customer model as of `ctx.as_of` for the context's viewer (unmasked: callers mask)."""
    return sql.run(ws, "customers__model", ctx)


class NotAllowed(Exception):
    """The viewer's role may not see customer-level rows."""


def require_customer_level(viewer: Viewer) -> None:
    """Raise `NotAllowed` unless the viewer may see individual customers."""
    if not viewer.can("customer_level"):
        raise NotAllowed(viewer.role)


def present(frame: pl.DataFrame, viewer: Viewer) -> pl.DataFrame:
    """Customer-level rows as `viewer` may see them: the one gate every list, card and download passes.

    Without `customer_level` nothing is shown (`NotAllowed`); without `personal_data` names become
    initials, e-mails `i***@mail.ru`, phones keep their last four digits, birth dates their year, and
    interaction texts lose the e-mails and phone numbers in them.
    """
    import polars as pl

    require_customer_level(viewer)
    if viewer.can("personal_data"):
        return frame
    masks = {
        "name": pl.col("name").str.split(" ").list.eval(pl.element().str.slice(0, 1) + ".").list.join(" "),
        "email": pl.when(pl.col("email").str.contains("@"))
        .then(pl.col("email").str.slice(0, 1) + "***@" + pl.col("email").str.split("@").list.last())
        .otherwise(pl.when(pl.col("email").is_not_null()).then(pl.lit("***"))),
        "phone": pl.when(pl.col("phone").str.replace_all(r"\D", "").str.len_chars() >= 4)
        .then("*** " + pl.col("phone").str.replace_all(r"\D", "").str.slice(-4))
        .otherwise(pl.when(pl.col("phone").is_not_null()).then(pl.lit("***"))),
        "birth_date": pl.col("birth_date").dt.year().cast(pl.String),
        "text": pl.col("text").str.replace_all(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", "***")
        .str.replace_all(r"\+?\d[\d\s()\-]{7,}\d", "***"),
    }
    return frame.with_columns(expr.alias(name) for name, expr in masks.items() if name in frame.columns)
