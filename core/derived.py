"""Derived tables rebuilt inside every new workspace generation, in this order."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Derived:
    """A table built as `create table g<N>.<name> as <queries/<query>.sql>`.

    `customer_level` tables carry a `customer_id` column and are narrowed to the viewer's scope.
    A table computed in Python names its `builder` ("module:function", called with the build cursor,
    whose search_path is the new generation, and the table name) and no query. A query may read
    derived tables listed before it; it then has a variant wherever they have one, unless it is
    `whole_history`: built once per generation from the generation's own tables (built for the latest
    order date, so over every order) and never for another analysis date.
    """

    name: str
    query: str | None
    customer_level: bool
    builder: str | None = None
    whole_history: bool = False


DERIVED: list[Derived] = [
    # Every message sent (communications) matched to a customer: by id, else by e-mail, else by phone (their
    # unsubscribes are negative reactions in customer_activity).
    Derived("contact_events", "derived__contact_events", customer_level=True, whole_history=True),
    # What each customer did up to the analysis date (order facts, RFM ranks, interactions): the part
    # of the customer model that depends on the date only, so a threshold change reuses it.
    Derived("customer_activity", "derived__customer_activity", customer_level=True),
    # First orders and the acquisition channel over the whole history, from the generation's customer_activity.
    Derived("customer_acquisition", "derived__customer_acquisition", customer_level=True, whole_history=True),
    Derived("customer_model", "derived__customer_model", customer_level=True),
    # Predictive CLV per customer (BG/NBD + Gamma-Gamma fitted at publish): p_alive, expected_purchases,
    # expected_avg_spend, predicted_clv, at_risk. Segments join it on customer_id.
    Derived("clv_scores", None, customer_level=True, builder="core.clv.service:build_scores_table"),
    # The segment builder's table: the model with the CLV scores and each customer's figure cell.
    Derived("segment_model", "derived__segment_model", customer_level=True),
]

# Macros every generation defines before its derived tables (queries/<name>.sql): rules that several
# queries apply, written once.
MACROS: tuple[str, ...] = ("macros__base_type", "macros__order_sequence", "macros__date_segments",
                          "macros__known_customers")

# Base relations of every generation that carry customer_id, and so are narrowed to a viewer's scope.
SCOPED_BASE: tuple[str, ...] = ("orders", "completed_orders", "customers", "interactions", "communications")


def scoped_relations() -> tuple[str, ...]:
    """Every relation a scoped viewer sees only their customers' rows of."""
    return SCOPED_BASE + tuple(d.name for d in DERIVED if d.customer_level)


def builder(derived: Derived) -> Callable[..., Any]:
    """The Python function building a derived table computed outside SQL."""
    module, _, name = (derived.builder or "").partition(":")
    return getattr(importlib.import_module(module), name)
