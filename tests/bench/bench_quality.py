"""Benchmark: contact normalisation (vectorised over distinct values vs one library call per row) and the
quality report on a demo workspace. Plain script: `python tests/bench/bench_quality.py [customers]`."""
from __future__ import annotations

import sys
import tempfile
import time

import numpy as np
import polars as pl

from core import build, contacts, demo, quality, sql  # noqa: F401 - build: the engine of the generations
from core.workspace import Workspace


def _contacts(n: int, seed: int = 1) -> pl.DataFrame:
    """n customer rows with e-mails and phones in the formats CRMs export (a fifth repeated, a few broken)."""
    rng = np.random.default_rng(seed)
    local = rng.integers(0, n, n)
    domains = np.array(["mail.ru", "yandex.ru", "gmail.com", "bk.ru", "list.ru"])[rng.integers(0, 5, n)]
    emails = [f"user.{i}@{d}" if r > 0.01 else f"user.{i} at {d}" for i, d, r in zip(local, domains, rng.random(n))]
    digits = rng.integers(0, 999_999_999, n)
    style = rng.integers(0, 4, n)
    phones = [
        (f"+79{d:09d}", f"8 (9{d:09d}"[:6] + f") {d % 1000:03d}-{d % 100:02d}-{d % 97:02d}",
         f"89{d:09d}", f"+7 9{d:09d}"[:6] + f" {d:07d}")[s] for d, s in zip(digits, style)
    ]
    return pl.DataFrame({"email": emails, "phone": phones})


def main(customers: int) -> None:
    frame = _contacts(customers)
    start = time.perf_counter()
    out = contacts.contact_columns(frame)
    vectorised = time.perf_counter() - start
    sample = frame.head(min(customers, 20_000))
    start = time.perf_counter()
    for email, phone in sample.iter_rows():
        contacts.normalize_email(email)
        contacts.normalize_phone(phone)
    per_row = (time.perf_counter() - start) * customers / sample.height
    print(f"contacts: {customers:,} rows, {frame['email'].n_unique():,} distinct e-mails, "
          f"{frame['phone'].n_unique():,} distinct phones; valid e-mails {out['email_valid'].sum():,}")
    print(f"  vectorised (distinct values, fast e-mail pattern): {vectorised:6.2f} s")
    print(f"  one library call per row (extrapolated from {sample.height:,}): {per_row:6.2f} s")

    with tempfile.TemporaryDirectory() as path:
        ws = Workspace(path)
        demo.load_into(ws, customers=customers)
        ctx = sql.default_context(ws)
        start = time.perf_counter()
        report = quality.report(ws, ctx)
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        quality.report(ws, ctx)
        again = time.perf_counter() - start
        print(f"quality report on the demo with {customers:,} customers: {elapsed:6.2f} s (again {again:.2f} s); "
              f"overall score {report.overall()}, problems {report.counts()}")
        ws.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
