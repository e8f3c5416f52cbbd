"""The demo generator: deterministic, realistic in the ways the product relies on."""
from __future__ import annotations

import polars as pl
import pytest

from core import datasets, demo


def _made(how: str, customers: int = 3_000, seed: int = 11) -> dict[str, pl.DataFrame]:
    """The demo made at once, or in chunks of 1,000 contacts (`demo.chunks`, as `load_into` writes a large base)
    with each dataset's chunks put together."""
    if how == "whole":
        return demo.generate(customers=customers, seed=seed)
    parts: dict[str, list[pl.DataFrame]] = {}
    for chunk in demo.chunks(customers, seed, size=1_000):
        for kind, frame in chunk.items():
            parts.setdefault(kind, []).append(frame)
    return {kind: pl.concat(frames) for kind, frames in parts.items()}


# Every shape below holds for the demo made at once and for the same base made in chunks.
@pytest.fixture(scope="module", params=["whole", "chunked"])
def frames(request) -> dict[str, pl.DataFrame]:
    made = _made(request.param)
    made["_how"] = request.param
    return made


def test_same_seed_gives_the_same_data(frames):
    again = _made(frames["_how"])
    for kind in datasets.DATASETS:
        assert frames[kind].equals(again[kind]), kind


def test_another_seed_gives_other_data(frames):
    other = _made(frames["_how"], seed=12)
    assert not frames["orders"].equals(other["orders"])


def test_a_base_of_one_chunk_is_the_demo_made_at_once():
    (only,) = demo.chunks(3_000, 11, size=3_000)
    whole = demo.generate(customers=3_000, seed=11)
    for kind in datasets.DATASETS:
        assert only[kind].equals(whole[kind]), kind


def test_chunks_continue_the_ids_and_keep_them_distinct():
    made = _made("chunked")
    customers = made["customers"]
    assert customers["customer_id"].to_list() == [f"C{i:07d}" for i in range(1, 3_001)]
    assert made["orders"]["order_id"].is_unique().all()
    assert made["order_lines"]["order_id"].is_in(made["orders"]["order_id"].implode()).all()
    assert made["orders"]["customer_id"].is_in(customers["customer_id"].implode()).all()
    # One spend row per month and paid channel (drawn once from every chunk's buyers).
    assert made["spend"].select("date", "channel").is_unique().all()
    # The contacts' tags and phones are distinct across chunks: the only shared e-mails and phones are each
    # chunk's 1000 // 200 = 5 pairs made on purpose, 15 pairs in all.
    keyed = customers.with_columns(phone_key=pl.col("phone").str.replace_all(r"\D", "").str.slice(-10))
    shared = keyed.filter((pl.col("email").is_not_null() & pl.col("email").is_duplicated())
                          | (pl.col("phone_key").is_not_null() & pl.col("phone_key").is_duplicated()))
    assert shared.height == 2 * 3 * (1_000 // 200)


def test_every_dataset_of_a_chunk_has_rows():
    for number, chunk in enumerate(demo.chunks(3_000, 11, size=1_000)):
        if number < 3:
            assert set(chunk) == set(datasets.DATASETS) - {"spend"}
            assert all(frame.height > 0 for frame in chunk.values())
        else:
            assert set(chunk) == {"spend"} and chunk["spend"].height > 0


def test_every_dataset_has_the_canonical_schema(frames):
    for kind in datasets.DATASETS:
        assert dict(frames[kind].schema) == datasets.SCHEMAS[kind]


def test_three_years_ending_on_the_fixed_date(frames):
    dates = frames["orders"]["order_date"]
    assert dates.max() <= demo.END_DATE
    assert dates.min() >= demo.END_DATE.replace(year=demo.END_DATE.year - 3)


def test_contact_kinds_and_consent_shares(frames):
    customers = frames["customers"]
    buyers = set(frames["orders"]["customer_id"].unique())
    never_bought = customers.filter(~pl.col("customer_id").is_in(list(buyers)))
    assert 0.12 < never_bought.height / customers.height < 0.25
    bare = never_bought.filter(pl.col("name").is_null() & pl.col("email").is_not_null() & pl.col("consent_email"))
    assert bare.height > 0.05 * customers.height
    assert 0.5 < customers["consent_email"].mean() < 0.75


def test_cancellations_are_about_five_percent(frames):
    share = 1 - frames["orders"]["completed"].mean()
    assert 0.03 < share < 0.07


def test_november_and_december_peak(frames):
    # The base grows over time, so compare the peak with the two months just before it.
    month = pl.col("order_date").dt.strftime("%Y-%m")
    by_month = dict(frames["orders"].group_by(month.alias("m")).len().iter_rows())
    peak = by_month["2025-11"] + by_month["2025-12"]
    before = by_month["2025-09"] + by_month["2025-10"]
    assert peak > 1.3 * before


def test_spend_channels_are_paid_sources_and_managers_are_several(frames):
    assert set(frames["spend"]["channel"].unique()) == {s for s, v in demo.SOURCES.items() if v[3] is not None}
    assert 5 <= frames["customers"]["manager"].n_unique() - 1 <= 10


def test_nps_scores_only_on_surveys_and_reviews(frames):
    scored = frames["interactions"].filter(pl.col("score").is_not_null())
    assert set(scored["type"].unique()) <= {"survey", "review"}
    assert scored["score"].min() >= 0 and scored["score"].max() <= 10


@pytest.mark.parametrize("seed", [7, 11, 12])
def test_duplicates_are_customers_by_200_pairs_with_readable_copies(seed):
    # 2,000 contacts (the browser tests' demo is seed 7): 10 pairs of a contact and its copy (same e-mail,
    # the phone written as «8 (9xx) …»); a copy is never copied again, so every copied phone is well formed.
    customers = demo.generate(customers=2_000, seed=seed)["customers"].with_columns(
        phone_key=pl.col("phone").str.replace_all(r"\D", "").str.slice(-10))
    shared_email = customers.filter(pl.col("email").is_not_null() & pl.col("email").is_duplicated())
    shared_phone = customers.filter(pl.col("phone_key").is_not_null() & pl.col("phone_key").is_duplicated())
    members = set(shared_email["customer_id"]) | set(shared_phone["customer_id"])
    assert len(members) == 2 * (2_000 // 200)
    copies = customers.filter(pl.col("phone").str.starts_with("8 ("))
    assert copies["phone"].str.contains(r"^8 \(\d{3}\) \d{3}-\d{2}-\d{2}$").all()


def test_a_chunked_demo_is_published_once_with_every_chunk(workspace):
    counts = demo.load_into(workspace, customers=3_000, seed=11, chunk=1_000)
    made = _made("chunked")
    assert counts == {kind: made[kind].height for kind in datasets.DATASETS}
    assert workspace.generation() == 1
    assert len(workspace.manifest().files("orders")) == 3 and len(workspace.manifest().files("spend")) == 1
    with workspace.reading() as cur:
        rows = cur.execute("select count(*), count(distinct customer_id), sum(amount) from orders").fetchone()
    assert rows[:2] == (made["orders"].height, made["orders"]["customer_id"].n_unique())
    assert rows[2] == pytest.approx(made["orders"]["amount"].sum())


def test_a_base_just_above_a_chunk_is_split_evenly():
    # 2,001 contacts in chunks of at most 2,000: two chunks of 1,000 and 1,001 (not 2,000 and a lone contact).
    sizes = [chunk["customers"].height for chunk in demo.chunks(2_001, 7, size=2_000) if "customers" in chunk]
    assert sorted(sizes) == [1_000, 1_001]


def test_the_previous_chunk_is_freed_before_the_next_is_made(workspace, monkeypatch):
    # load_into drops each chunk once written; the generator must not keep it while making the next one (at 10M
    # customers two chunks at once were the demo's peak of memory).
    import weakref

    class Chunk(dict):  # a dict that a weak reference can watch
        pass

    made: list[weakref.ref] = []
    alive_when_next: list[bool] = []
    original = demo._generate

    def watched(*args, **kwargs):
        alive_when_next.extend(ref() is not None for ref in made)
        frames, simulated = original(*args, **kwargs)
        chunk = Chunk(frames)
        made.append(weakref.ref(chunk))
        return chunk, simulated

    monkeypatch.setattr(demo, "_generate", watched)
    demo.load_into(workspace, customers=3_000, seed=11, chunk=1_000)
    assert len(made) == 3 and alive_when_next == [False, False, False]


def test_the_order_lines_are_made_without_a_python_string_per_line():
    # A chunk of 200,000 contacts has 3.3M order lines: their names, product ids and categories as Python strings
    # (and two lists of every order's customer) took gigabytes. What Python and numpy allocate for 20,000 contacts
    # (332,192 lines) stays under 550 bytes a line (it was 860: three strings of ~100 bytes per line and more).
    import tracemalloc

    demo.generate(500)  # the modules' first use aside
    tracemalloc.start()
    try:
        frames = demo.generate(20_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    lines = frames["order_lines"]
    assert lines.height > 300_000
    assert peak < 550 * lines.height
    # the text columns still read as the generator's categories and models say
    row = lines.row(0, named=True)
    top, _, sub = row["category"].partition(datasets.CATEGORY_SEPARATOR)
    assert top == row["category_top"] and sub in demo.SUBCATEGORIES[top]
    assert row["product_name"].startswith(f"{sub}, модель ")
    assert row["product_id"] == (f"SKU-{demo.CATEGORIES.index(top)}{demo.SUBCATEGORIES[top].index(sub)}"
                                 f"{int(row['product_name'].rsplit(' ', 1)[1]):03d}")
    assert row["brand"] == demo.BRANDS[demo.CATEGORIES.index(top)]
