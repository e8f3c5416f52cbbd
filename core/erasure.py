"""Erasing one customer's personal data across every dataset (152-FZ art. 21, GDPR art. 17).

The customer's rows get a fresh random id in place of their customer id, so counts, totals and
retention stay right while nothing links them to the person any more: the customers row loses
every personal field (and its consents), interactions lose their texts, orders keep only
amounts, dates and the like. The change is published as a new workspace generation; the older
generations, which still hold the data, go at once, and so do the rejected rows of earlier uploads
that name the person (`meta/uploads/*/rejected.parquet`). A keyed hash of the erased id is kept so that
uploads can refuse to bring the person back (`drop_erased`).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from core import audit, merges, results, users
from core.access import Viewer
from core.i18n import t
from core.ingest import REJECTED_FILE, UPLOADS_DIR
from core.store import JsonStore
from core.workspace import Workspace

ERASED_FILE = "erased.json"
ERASURE_KEY_FILE = "erasure_key"
KINDS: tuple[str, ...] = ("customers", "interactions", "orders", "communications")

# Columns emptied in the erased customer's rows, per dataset (values set to null, consents to false).
CLEARED: dict[str, tuple[str, ...]] = {
    "customers": ("name", "email", "phone", "birth_date", "gender", "city", "region", "interests",
                  "profession", "marital_status"),
    "interactions": ("text",),
    "orders": (),
    "communications": ("email", "phone", "promo_code"),
}
REVOKED_CONSENTS: tuple[str, ...] = ("consent_email", "consent_sms")


class ErasureError(Exception):
    """The erasure could not be done; `text(lang)` says why."""

    def __init__(self, key: str, **values: str) -> None:
        super().__init__(t(key, "en", **values))
        self.key, self.values = key, values

    def text(self, lang: str) -> str:
        """The message in `lang`."""
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class Erasure:
    """What an erasure changed: rows per dataset and the generation that holds the result."""

    customer_id: str
    rows: dict[str, int]
    generation: int
    rejected_rows: int = 0


def _file_paths(ws: Workspace, kind: str) -> list[Path]:
    return [ws.path / rel for rel in ws.manifest().files(kind)]


def person_ids(ws: Workspace, customer_id: str) -> list[str]:
    """Every id the person behind `customer_id` has in the stored data: the surviving id of their merges
    (core/merges.py) first, then the ids merged into it; just `customer_id` when it was never merged."""
    from core.workspace import resolve_merges

    final = resolve_merges(dict(ws.manifest().merges))
    survivor = final.get(customer_id, customer_id)
    return [survivor, *sorted(merged for merged, into in final.items() if into == survivor)]


def _keys(ws: Workspace, kind: str, ids: list[str]) -> list[str]:
    """The values of `customer_id` that name the person in dataset `kind`: their ids, and for communications
    also their e-mails and phones (a mailing service's row without an id is keyed by its address)."""
    if kind != "communications":
        return ids
    return [*ids, *sorted(set().union(*_contacts(ws, ids).values()))]


def preview(ws: Workspace, customer_id: str) -> dict[str, int]:
    """Rows of the person behind `customer_id` (every id merged with it) in each dataset of the current generation."""
    ids = person_ids(ws, customer_id)
    counts = {}
    for kind in KINDS:
        counts[kind] = sum(
            int(pl.scan_parquet(path).filter(pl.col("customer_id").is_in(_keys(ws, kind, ids))).select(pl.len())
                .collect().item())
            for path in _file_paths(ws, kind)
        )
    return counts


def _anonymise(kind: str, frame: pl.DataFrame, ids: list[str], pseudonym: str) -> pl.DataFrame:
    hit = pl.col("customer_id").is_in(ids)
    changes = [pl.when(hit).then(pl.lit(pseudonym)).otherwise(pl.col("customer_id")).alias("customer_id")]
    for column in CLEARED[kind]:
        if column in frame.columns:
            changes.append(pl.when(hit).then(None).otherwise(pl.col(column)).alias(column))
    if kind == "customers":
        for column in REVOKED_CONSENTS:
            if column in frame.columns:
                changes.append(pl.when(hit).then(pl.lit(False)).otherwise(pl.col(column)).alias(column))
    return frame.with_columns(changes)


def erase(ws: Workspace, actor: Viewer, customer_id: str) -> Erasure:
    """Anonymise every row of the person behind `customer_id`, publish a new generation and record it in the
    audit log.

    A person whose duplicates were merged is erased under every id: the survivor's and each merged one's
    rows get one pseudonym, the merges naming them go, and every id is kept out of later uploads. The older
    generations kept for readers, which still hold the person, go at once, and so do the rejected rows of
    earlier uploads naming them (by id, e-mail or phone). Done under the publish lock: an upload running
    meanwhile is published before (and anonymised here) or after (and keeps them out).
    """
    customer_id = (customer_id or "").strip()
    if not actor.can("admin"):
        raise ErasureError("erase.error.not_allowed")
    if not customer_id:
        raise ErasureError("erase.error.empty")
    with ws.publishing(), ws.staging() as area:
        ids = person_ids(ws, customer_id)
        contacts = _contacts(ws, ids)
        pseudonym = f"erased-{uuid.uuid4().hex[:16]}"
        changes: dict[str, list[Path]] = {}
        rows: dict[str, int] = {}
        for kind in KINDS:
            files, hits = [], 0
            keys = _keys(ws, kind, ids)
            for path in _file_paths(ws, kind):
                frame = pl.read_parquet(path)
                count = int(frame["customer_id"].is_in(keys).sum())
                if count:
                    target = area.file(f"{kind}.parquet")
                    _anonymise(kind, frame, keys, pseudonym).write_parquet(target)
                    path, hits = target, hits + count
                files.append(path)
            rows[kind] = hits
            if hits:
                changes[kind] = files
        if not changes:
            raise ErasureError("erase.error.not_found", customer_id=customer_id)
        new_generation = ws.publish(
            changes, remap=lambda edges: {a: b for a, b in edges.items() if a not in ids and b not in ids},
            keep_history=False)
        # Still under the lock: an upload waiting for it checks the list once it has it.
        for erased_id in ids:
            _remember(ws, erased_id)
        scrubbed = scrub_rejected(ws, ids, contacts)
        results.clear(ws, keep=new_generation)
    merges.forget(ws, ids, pseudonym)
    merged = f" (merged ids: {len(ids) - 1})" if len(ids) > 1 else ""
    audit.record(ws, actor, "erase", f"customer {customer_id}{merged}", rows=sum(rows.values()) + scrubbed)
    return Erasure(customer_id=customer_id, rows=rows, generation=new_generation, rejected_rows=scrubbed)


def _contacts(ws: Workspace, ids: list[str]) -> dict[str, set[str]]:
    """The person's e-mails and phones in the customers data (to find them in rows that lack their id)."""
    found: dict[str, set[str]] = {"email": set(), "phone": set()}
    for path in _file_paths(ws, "customers"):
        lf = pl.scan_parquet(path)
        have = lf.collect_schema().names()
        wanted = [c for c in found if c in have]
        if not wanted:
            continue
        for row in lf.filter(pl.col("customer_id").is_in(ids)).select(wanted).collect().iter_rows(named=True):
            for column in wanted:
                if row[column]:
                    found[column].add(row[column])
    return found


def _phone_key(digits: pl.Expr) -> pl.Expr:
    """A phone number compared by its last ten digits (8 916… and +7 916… are one number)."""
    return digits.str.slice(-10)


def _names_person(column: str, ids: list[str], contacts: dict[str, set[str]]) -> pl.Expr:
    """A raw text cell that is one of the ids, e-mails or phones of the person."""
    cell = pl.col(column).str.strip_chars()
    hit = cell.is_in(ids)
    emails = sorted({e.strip().lower() for e in contacts["email"]})
    if emails:
        hit = hit | cell.str.to_lowercase().is_in(emails)
    phones = sorted({d[-10:] for p in contacts["phone"] if len(d := re.sub(r"\D", "", p)) >= 7})
    if phones:
        digits = cell.str.replace_all(r"\D", "")
        hit = hit | (_phone_key(digits).is_in(phones) & (digits.str.len_chars() >= 7))
    return hit.fill_null(False)


def scrub_rejected(ws: Workspace, ids: list[str], contacts: dict[str, set[str]]) -> int:
    """Remove from every upload's stored rejected rows those naming the person (any cell equal to one of
    their ids, e-mails or phones); return how many rows went."""
    removed = 0
    for path in sorted((ws.meta_dir / UPLOADS_DIR).glob(f"*/{REJECTED_FILE}")):
        lf = pl.scan_parquet(path)
        text = [name for name, dtype in lf.collect_schema().items() if dtype == pl.String]
        if not text:
            continue
        hit = pl.any_horizontal([_names_person(name, ids, contacts) for name in text])
        count = int(lf.select(hit.sum()).collect().item())
        if not count:
            continue
        kept = pl.read_parquet(path).filter(~hit)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        kept.write_parquet(tmp)
        os.replace(tmp, path)
        removed += count
    return removed


def _digester(ws: Workspace) -> Callable[[object], str]:
    key = users.secret(ws, ERASURE_KEY_FILE).encode()
    return lambda customer_id: hmac.new(key, str(customer_id).strip().encode(), hashlib.sha256).hexdigest()


def _remember(ws: Workspace, customer_id: str) -> None:
    digest = _digester(ws)(customer_id)
    JsonStore(ws.meta_dir / ERASED_FILE, default=list).update(
        lambda known: known if digest in known else [*known, digest]
    )


def erased_among(ws: Workspace, customer_ids: pl.LazyFrame) -> list[str]:
    """The ids in the one-column `customer_ids` whose customers were erased before (compared by keyed
    hash); the ids are read only when someone was ever erased."""
    known = set(JsonStore(ws.meta_dir / ERASED_FILE, default=list).read())
    if not known:
        return []
    digest = _digester(ws)
    ids = customer_ids.unique().collect().to_series()
    return [i for i in ids.drop_nulls().to_list() if digest(i) in known]


def drop_erased(ws: Workspace, frame: pl.DataFrame) -> pl.DataFrame:
    """The rows of an incoming frame whose customer id was not erased before."""
    if "customer_id" not in frame.columns:
        return frame
    erased = erased_among(ws, frame.lazy().select("customer_id"))
    return frame.filter(~pl.col("customer_id").is_in(erased)) if erased else frame
