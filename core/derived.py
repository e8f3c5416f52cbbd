"""Derived tables rebuilt inside every new workspace generation, in this order."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Derived:
    """A table built as `create table g<N>.<name> as <queries/<query>.sql>`.

    `customer_level` tables carry a `customer_id` column and are narrowed to the viewer's scope.
    """

    name: str
    query: str
    customer_level: bool


DERIVED: list[Derived] = [
    Derived("customer_facts", "derived__customer_facts", customer_level=True),
    Derived("customer_acquisition", "derived__customer_acquisition", customer_level=True),
    Derived("customer_model", "derived__customer_model", customer_level=True),
]

# Base relations of every generation that carry customer_id, and so are narrowed to a viewer's scope.
SCOPED_BASE: tuple[str, ...] = ("orders", "completed_orders", "customers", "interactions")


def scoped_relations() -> tuple[str, ...]:
    """Every relation a scoped viewer sees only their customers' rows of."""
    return SCOPED_BASE + tuple(d.name for d in DERIVED if d.customer_level)
