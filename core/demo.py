"""A deterministic, realistic demo dataset: the embedded default of a fresh workspace.

Purchases follow the BG/NBD story (Fader, Hardie and Lee, 2005): while alive, a customer buys as
a Poisson process with rate lambda ~ Gamma(shape=r, rate=alpha) per week, and after every purchase
drops out with probability p ~ Beta(a, b). Order values follow the Gamma-Gamma model: each
customer's mean spend is set by nu ~ Gamma(shape=q, rate=gamma), and every order value is
Gamma(shape=p_spend, rate=nu). Calendar time runs faster in November and December (the seasonal
peak), and acquisition channels differ in quality (they scale lambda and the drop-out odds).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from core import datasets
from core.store import JsonStore
from core.workspace import Workspace

END_DATE = dt.date(2026, 10, 31)
# Marks the demo a fresh workspace was given (`load_as_default`): its generation and size.
DEFAULT_MARK = "demo.json"
YEARS = 3


@dataclass(frozen=True)
class TrueParameters:
    """The generator's true parameters (time unit: a week; money: rubles)."""

    r: float = 1.5
    alpha: float = 6.0
    a: float = 0.55
    b: float = 5.0
    p_spend: float = 6.0
    q_spend: float = 4.0
    gamma_spend: float = 900.0


TRUE = TrueParameters()

# Acquisition channel: (share of buyers, lambda multiplier, drop-out multiplier, CAC in rubles or None).
SOURCES: dict[str, tuple[float, float, float, float | None]] = {
    "Органический поиск": (0.22, 1.15, 0.85, None),
    "Яндекс Директ": (0.22, 0.95, 1.05, 1400.0),
    "ВКонтакте": (0.14, 0.75, 1.35, 900.0),
    "Telegram": (0.08, 0.85, 1.2, 1100.0),
    "Маркетплейс": (0.12, 0.8, 1.25, 600.0),
    "Рекомендация": (0.12, 1.3, 0.7, None),
    "Офлайн-магазин": (0.10, 1.05, 0.9, None),
}
STATUSES = ("Выполнен", "Отменён", "Возврат")
ORDER_CHANNELS = ("Сайт", "Мобильное приложение", "Магазин", "Телефон")
ORDER_CHANNEL_SHARES = (0.5, 0.22, 0.18, 0.10)
CATEGORIES = ("Одежда", "Обувь", "Аксессуары", "Косметика", "Дом", "Электроника", "Спорт", "Детские товары")
# Order lines: each category's subcategories, gross margin share and the category its buyers often add to the
# same order (so cross-sell pairs have a lift above 1).
SUBCATEGORIES = {
    "Одежда": ("Платья", "Джинсы", "Футболки"), "Обувь": ("Кроссовки", "Ботинки", "Туфли"),
    "Аксессуары": ("Сумки", "Ремни", "Очки"), "Косметика": ("Уход за лицом", "Парфюмерия", "Макияж"),
    "Дом": ("Текстиль", "Посуда", "Декор"), "Электроника": ("Наушники", "Смартфоны", "Аксессуары для гаджетов"),
    "Спорт": ("Тренажёры", "Спортивная одежда", "Туризм"), "Детские товары": ("Игрушки", "Одежда для детей", "Книги"),
}
CATEGORY_MARGIN = (0.45, 0.40, 0.55, 0.50, 0.35, 0.18, 0.30, 0.32)
COMPANION = (1, 2, 0, 2, 7, 2, 0, 4)  # index into CATEGORIES
# Buyers simulated as purposeful (clear, stable needs): orders at regular intervals (the same mean rate, a gap's
# spread PURPOSEFUL_JITTER of it), every line in their favourite category, no discount hunting.
PURPOSEFUL_SHARE = 0.08
PURPOSEFUL_JITTER = 0.12
BRANDS = ("Северный ветер", "Uralmade", "Лайт", "Roomy", "Техно+", "Pulse", "Малыш", "Fiora")
# City, region, population in thousands (weights).
CITIES = (
    ("Москва", "Москва", 13100), ("Санкт-Петербург", "Санкт-Петербург", 5600),
    ("Новосибирск", "Новосибирская область", 1630), ("Екатеринбург", "Свердловская область", 1540),
    ("Казань", "Республика Татарстан", 1310), ("Нижний Новгород", "Нижегородская область", 1210),
    ("Челябинск", "Челябинская область", 1180), ("Красноярск", "Красноярский край", 1200),
    ("Самара", "Самарская область", 1160), ("Уфа", "Республика Башкортостан", 1160),
    ("Ростов-на-Дону", "Ростовская область", 1140), ("Омск", "Омская область", 1110),
    ("Краснодар", "Краснодарский край", 1100), ("Воронеж", "Воронежская область", 1050),
    ("Пермь", "Пермский край", 1030), ("Волгоград", "Волгоградская область", 1020),
    ("Тюмень", "Тюменская область", 850), ("Иркутск", "Иркутская область", 620),
)
MANAGERS = ("Иванова Анна", "Петров Сергей", "Смирнова Ольга", "Кузнецов Дмитрий", "Попова Елена",
            "Васильев Игорь", "Соколова Мария")
MALE = (("Александр", "aleksandr"), ("Дмитрий", "dmitry"), ("Максим", "maksim"), ("Сергей", "sergey"),
        ("Андрей", "andrey"), ("Алексей", "aleksey"), ("Иван", "ivan"), ("Михаил", "mikhail"),
        ("Никита", "nikita"), ("Артём", "artem"), ("Павел", "pavel"), ("Егор", "egor"))
FEMALE = (("Анна", "anna"), ("Мария", "maria"), ("Елена", "elena"), ("Ольга", "olga"), ("Наталья", "natalya"),
          ("Екатерина", "ekaterina"), ("Татьяна", "tatyana"), ("Ирина", "irina"), ("Юлия", "yulia"),
          ("Дарья", "darya"), ("Светлана", "svetlana"), ("Ксения", "ksenia"))
SURNAMES = (("Иванов", "ivanov"), ("Смирнов", "smirnov"), ("Кузнецов", "kuznetsov"), ("Попов", "popov"),
            ("Васильев", "vasiliev"), ("Петров", "petrov"), ("Соколов", "sokolov"), ("Михайлов", "mikhaylov"),
            ("Новиков", "novikov"), ("Фёдоров", "fedorov"), ("Морозов", "morozov"), ("Волков", "volkov"),
            ("Алексеев", "alekseev"), ("Лебедев", "lebedev"), ("Семёнов", "semenov"), ("Егоров", "egorov"))
DOMAINS = ("mail.ru", "yandex.ru", "gmail.com", "bk.ru", "inbox.ru", "list.ru", "rambler.ru")
INTERESTS = ("мода", "спорт", "путешествия", "дети", "дом и сад", "красота", "техника", "кулинария", "книги")
PROFESSIONS = ("инженер", "менеджер", "врач", "учитель", "программист", "бухгалтер", "дизайнер", "студент")
MARITAL = ("холост / не замужем", "в браке", "в разводе")
INTERACTION_TEXT = {
    "call": "Звонок: уточнение по заказу",
    "email": "Письмо: вопрос о доставке",
    "support": "Обращение в поддержку: статус заказа",
    "complaint": "Жалоба: задержка доставки",
    "unsubscribe": "Отписался от рассылки",
    "review": "Отзыв о покупке",
    "survey": "Опрос NPS",
}


def _season_weights(days: np.ndarray) -> np.ndarray:
    """Relative purchase intensity by calendar day: November and December run at 1.6×."""
    months = np.array([d.month for d in days.astype("datetime64[D]").astype(object)])
    return np.where(np.isin(months, (11, 12)), 1.6, 1.0)


def generate(customers: int = 20_000, seed: int = 7, end: dt.date = END_DATE) -> dict[str, pl.DataFrame]:
    """The canonical datasets for `customers` contacts, deterministic for a given seed."""
    return _generate(customers, seed, end)[0]


def simulated(customers: int = 20_000, seed: int = 7, end: dt.date = END_DATE) -> dict[str, set[str]]:
    """What the demo simulated that the data does not say: the ids of the buyers simulated as purposeful
    (`purposeful`), for tests that check a classification recovers them."""
    return _generate(customers, seed, end)[1]


# Contacts generated at once when the demo is written into a workspace: a larger base is made in chunks of
# this many (each chunk its own files), so memory stays bounded whatever the size (~1.3 GB a chunk).
CHUNK = 200_000


@dataclass
class _Chunk:
    """Where a chunk sits in the whole base, and the running counters the next chunk continues from.

    A chunk draws from random streams of its own (seeded by the seed and its number); contact ids, e-mail
    tags, phone numbers and order ids continue over the whole base, so they stay distinct across chunks."""

    number: int
    first: int  # index of the chunk's first contact in the whole base
    total: int  # contacts in the whole base
    tag_offset: int
    phone_offset: int
    orders_before: int = 0
    campaign_orders_before: dict[int, int] = field(default_factory=dict)
    acquired: list[pl.DataFrame] = field(default_factory=list)  # buyers by month and channel (the spend)


def _generate(customers: int, seed: int, end: dt.date,
              chunk: _Chunk | None = None) -> tuple[dict[str, pl.DataFrame], dict[str, set[str]]]:
    """The datasets of `customers` contacts; with `chunk`, those of one chunk of a larger base (without
    the spend, which `chunks` draws once from every chunk's buyers)."""
    rng = np.random.default_rng(seed if chunk is None else [seed, chunk.number])
    start = end.replace(year=end.year - YEARS) + dt.timedelta(days=1)
    span = (end - start).days + 1
    calendar = np.arange(np.datetime64(start), np.datetime64(end) + 1)
    season = _season_weights(calendar)
    # Operational time: purchases happen at a constant rate in it; calendar days map into it by
    # the cumulative seasonal intensity, so peak months receive more purchases.
    op_clock = np.concatenate([[0.0], np.cumsum(season)])

    n_buyers = int(customers * 0.82)
    n_potential = int(customers * 0.10)
    n_mailing = customers - n_buyers - n_potential
    kinds = np.array(["buyer"] * n_buyers + ["potential"] * n_potential + ["mailing"] * n_mailing)
    rng.shuffle(kinds)
    first_index = 0 if chunk is None else chunk.first
    ids = np.array([f"C{i:07d}" for i in range(first_index + 1, first_index + customers + 1)])
    buyer_idx = np.flatnonzero(kinds == "buyer")

    # ---------------------------------------------------------------- acquisition of buyers
    source_names = list(SOURCES)
    source_share = np.array([SOURCES[s][0] for s in source_names])
    buyer_source = rng.choice(len(source_names), size=n_buyers, p=source_share / source_share.sum())
    growth = 1.0 + 0.6 * np.arange(span) / span
    acq_weight = growth * season
    acq_day = rng.choice(span, size=n_buyers, p=acq_weight / acq_weight.sum())

    lam_mult = np.array([SOURCES[s][1] for s in source_names])[buyer_source]
    drop_mult = np.array([SOURCES[s][2] for s in source_names])[buyer_source]
    lam_week = rng.gamma(TRUE.r, 1.0 / TRUE.alpha, size=n_buyers) * lam_mult
    p_drop = rng.beta(TRUE.a, TRUE.b, size=n_buyers)
    odds = p_drop / (1 - p_drop) * drop_mult
    p_drop = np.clip(odds / (1 + odds), 1e-4, 0.999)

    # A side generator for what the main one did not draw before (purposeful buyers, favourite categories, order
    # lines), so the other draws are those they always were.
    side = np.random.default_rng(seed + 1_000_003 if chunk is None else [seed + 1_000_003, chunk.number])
    purposeful = side.random(n_buyers) < PURPOSEFUL_SHARE
    favourite = side.integers(0, len(CATEGORIES), n_buyers)

    # Transactions until drop-out (the first purchase included), capped for realism.
    n_tx = np.minimum(rng.geometric(p_drop), 400)
    owner = np.repeat(np.arange(n_buyers), n_tx)
    first = np.concatenate([[0], np.cumsum(n_tx)[:-1]])
    gaps = rng.exponential(1.0, size=owner.size) / (lam_week[owner] / 7.0)
    regular = purposeful[owner]
    gaps[regular] = (7.0 / lam_week[owner[regular]]) * np.maximum(
        0.3, 1.0 + PURPOSEFUL_JITTER * side.standard_normal(int(regular.sum())))
    gaps[first] = 0.0
    cum = np.cumsum(gaps)
    offset = np.repeat(cum[first], n_tx)
    op_time = op_clock[acq_day][owner] + (cum - offset)
    keep = op_time < op_clock[-1]
    owner, op_time = owner[keep], op_time[keep]
    day_index = np.minimum(np.searchsorted(op_clock, op_time, side="right") - 1, span - 1)
    order_dates = np.datetime64(start) + day_index.astype("timedelta64[D]")

    # ---------------------------------------------------------------------- order values
    nu = rng.gamma(TRUE.q_spend, 1.0 / TRUE.gamma_spend, size=n_buyers)
    amounts = np.round(rng.gamma(TRUE.p_spend, 1.0 / nu[owner]), 2)
    n_orders = owner.size
    status_i = rng.choice(len(STATUSES), size=n_orders, p=(0.95, 0.03, 0.02))
    discount_taste = rng.beta(0.6, 1.8, size=n_buyers)
    has_discount = (rng.random(n_orders) < discount_taste[owner]) & ~purposeful[owner]
    discount = np.where(has_discount, np.round(amounts * rng.uniform(0.05, 0.3, n_orders), 2), 0.0)
    seconds = rng.integers(9 * 3600, 23 * 3600, size=n_orders)

    # --------------------------------------------------------------------------- customers
    gender = rng.choice(np.array(["m", "f"]), size=customers, p=(0.45, 0.55))
    first_m = rng.integers(0, len(MALE), customers)
    first_f = rng.integers(0, len(FEMALE), customers)
    surname = rng.integers(0, len(SURNAMES), customers)
    is_m = gender == "m"
    first_ru = np.where(is_m, np.array([m[0] for m in MALE])[first_m], np.array([f[0] for f in FEMALE])[first_f])
    first_lat = np.where(is_m, np.array([m[1] for m in MALE])[first_m], np.array([f[1] for f in FEMALE])[first_f])
    last_ru_m = np.array([s[0] for s in SURNAMES])[surname]
    last_ru = np.where(is_m, last_ru_m, np.char.add(last_ru_m, "а"))
    last_lat = np.array([s[1] for s in SURNAMES])[surname]
    names = np.char.add(np.char.add(last_ru, " "), first_ru)
    # Tags and phone numbers are distinct per contact (an affine map of the index, coprime multiplier), so
    # the only shared e-mails and phones are the duplicates made on purpose below.
    index = np.arange(first_index, first_index + customers, dtype=np.int64)
    tag_space = max(10_000, 10 ** len(str(customers if chunk is None else chunk.total)))
    tag_offset = int(rng.integers(0, tag_space)) if chunk is None else chunk.tag_offset
    number_tag = ((index * 7_919 + tag_offset) % tag_space).astype(str)
    emails = np.char.add(
        np.char.add(np.char.add(np.char.add(first_lat, "."), last_lat), number_tag),
        np.char.add("@", np.array(DOMAINS)[rng.integers(0, len(DOMAINS), customers)]),
    )
    phone_offset = int(rng.integers(0, 10 ** 9)) if chunk is None else chunk.phone_offset
    phone_digits = (index * 48_271 + phone_offset) % 10 ** 9
    phones = np.char.add("+79", np.char.zfill(phone_digits.astype(str), 9))
    city_w = np.array([c[2] for c in CITIES], dtype=float)
    city_i = rng.choice(len(CITIES), size=customers, p=city_w / city_w.sum())
    age_days = (rng.gamma(9.0, 4.2, customers) + 18).clip(18, 80) * 365.25
    birth = (np.datetime64(end) - age_days.astype("timedelta64[D]")).astype("datetime64[D]")
    manager = np.array(MANAGERS)[rng.integers(0, len(MANAGERS), customers)]

    first_order_day = np.full(customers, -1)
    first_order_day[buyer_idx] = acq_day
    reg_day = np.where(
        first_order_day >= 0,
        np.maximum(first_order_day - rng.integers(0, 30, customers), 0),
        rng.integers(0, span, customers),
    )
    registered = np.datetime64(start) + reg_day.astype("timedelta64[D]")
    source = np.empty(customers, dtype=object)
    source[buyer_idx] = np.array(source_names)[buyer_source]
    others = np.flatnonzero(kinds == "potential")
    source[others] = np.array(source_names)[rng.choice(len(source_names), size=others.size)]
    source[kinds == "mailing"] = "Форма подписки"
    consent_email = rng.random(customers) < 0.6
    consent_sms = rng.random(customers) < 0.45
    interests = np.array([", ".join(sorted(set(rng.choice(INTERESTS, size=rng.integers(1, 4)))))
                          for _ in range(min(customers, 5000))])
    interest_col = interests[rng.integers(0, interests.size, customers)]

    frame = pl.DataFrame({
        "customer_id": ids,
        "name": names,
        "email": emails,
        "phone": phones,
        "birth_date": birth,
        "gender": gender,
        "city": np.array([c[0] for c in CITIES])[city_i],
        "region": np.array([c[1] for c in CITIES])[city_i],
        "source": source.astype(str),
        "registered_at": registered,
        "consent_email": consent_email,
        "consent_sms": consent_sms,
        "manager": manager,
        "interests": interest_col,
        "profession": np.array(PROFESSIONS)[rng.integers(0, len(PROFESSIONS), customers)],
        "marital_status": np.array(MARITAL)[rng.integers(0, len(MARITAL), customers)],
        "_kind": kinds,
        "_r": rng.random((customers, 6)),
    })
    r = pl.col("_r").arr
    null_if = lambda col, cond: pl.when(cond).then(None).otherwise(pl.col(col)).alias(col)  # noqa: E731
    mailing = pl.col("_kind") == "mailing"
    frame = frame.with_columns(
        null_if("email", ~mailing & (r.get(0) < 0.18)),
        null_if("phone", mailing | (r.get(1) < 0.12)),
        null_if("birth_date", mailing | (r.get(2) < 0.15)),
        null_if("gender", mailing | (r.get(3) < 0.05)),
        null_if("city", mailing | (r.get(4) < 0.04)),
        null_if("region", mailing | (r.get(4) < 0.04)),
        null_if("name", mailing),
        null_if("manager", mailing),
        null_if("interests", mailing | (r.get(5) < 0.3)),
        null_if("profession", mailing | (r.get(5) < 0.5)),
        null_if("marital_status", mailing | (r.get(5) < 0.45)),
        pl.when(mailing).then(True).otherwise(pl.col("consent_email")).alias("consent_email"),
        pl.when(mailing).then(False).otherwise(pl.col("consent_sms")).alias("consent_sms"),
    )
    # A few duplicates (the same person registered twice) and broken contacts, as in real CRMs.
    # Pairs of distinct contacts (no chains: a copy is never copied again), and broken e-mails elsewhere,
    # so the duplicates are exactly customers // 200 pairs.
    pairs = max(customers // 200, 1)
    picked = rng.permutation(customers)
    dup, dup_src = picked[:pairs], picked[pairs:2 * pairs]
    emails_now = frame["email"].to_list()
    phones_now = frame["phone"].to_list()
    for target, origin in zip(dup.tolist(), dup_src.tolist()):
        emails_now[target] = emails_now[origin]
        p = phones_now[origin]
        phones_now[target] = None if p is None else f"8 ({p[2:5]}) {p[5:8]}-{p[8:10]}-{p[10:]}"
    broken = picked[2 * pairs:][:max(customers // 300, 1)]
    for target in broken.tolist():
        e = emails_now[target]
        emails_now[target] = None if e is None else e.replace("@", " at ")
    frame = frame.with_columns(pl.Series("email", emails_now, dtype=pl.String),
                               pl.Series("phone", phones_now, dtype=pl.String))
    customers_df = datasets.conform("customers", frame)

    # ------------------------------------------------------------------------------ orders
    # String columns are gathered from small Polars lookups by index: building millions of numpy
    # unicode strings and converting them is what used to dominate the generator's time.
    chan = rng.choice(len(ORDER_CHANNELS), size=n_orders, p=ORDER_CHANNEL_SHARES)
    category_i = np.where(purposeful[owner], favourite[owner], rng.integers(0, len(CATEGORIES), n_orders))
    with_manager = rng.random(n_orders) < 0.8
    ids_pl = pl.Series(ids)
    buyer_manager = pl.Series(manager).gather(buyer_idx[owner])
    orders_df = pl.DataFrame({
        "order_id": pl.Series(np.arange(1, n_orders + 1) + (0 if chunk is None else chunk.orders_before))
        .cast(pl.String).str.zfill(8),
        "customer_id": ids_pl.gather(buyer_idx[owner]),
        "order_date": order_dates,
        "order_ts": (order_dates.astype("datetime64[s]") + seconds.astype("timedelta64[s]")).astype("datetime64[us]"),
        "amount": amounts,
        "status": pl.Series(STATUSES).gather(status_i),
        "channel": pl.Series(ORDER_CHANNELS).gather(chan),
        "discount": discount,
        "category": pl.Series(CATEGORIES).gather(category_i),
        "manager": buyer_manager,
        "_keep_manager": with_manager,
        "_seq": np.arange(n_orders),
    }).with_columns(
        order_id=pl.concat_str(pl.lit("ORD-"), pl.col("order_id")),
        manager=pl.when(pl.col("_keep_manager")).then(pl.col("manager")),
        completed=~datasets.cancel_status_expr("status"),
    ).sort("order_date", "_seq").drop("_keep_manager", "_seq")
    orders_df = datasets.conform("orders", orders_df)

    # ------------------------------------------------------------------------ interactions
    talkers = buyer_idx[rng.random(n_buyers) < 0.4]
    per = rng.integers(1, 6, talkers.size)
    who = np.repeat(talkers, per)
    buyer_pos = np.empty(customers, dtype=np.int64)
    buyer_pos[buyer_idx] = np.arange(n_buyers)
    lo = first_order_day[who]
    when = lo + (rng.random(who.size) * (span - lo)).astype(int)
    types = np.array(datasets.INTERACTION_TYPES)
    type_i = rng.choice(types.size, size=who.size, p=(0.25, 0.18, 0.2, 0.07, 0.13, 0.15, 0.02))
    itype = types[type_i]
    happy = np.clip(lam_week[buyer_pos[who]] / (TRUE.r / TRUE.alpha), 0, 3) / 3
    raw_score = np.clip(np.round(rng.normal(5.5 + 4.0 * happy, 2.0)), 0, 10).astype(np.int32)
    scored = np.isin(itype, ("survey", "review"))
    interactions_df = datasets.conform("interactions", pl.DataFrame({
        "customer_id": ids[who],
        "date": np.datetime64(start) + when.astype("timedelta64[D]"),
        "type": itype,
        "score": pl.Series(np.where(scored, raw_score, -1)).replace(-1, None),
        "text": np.array([INTERACTION_TEXT[t] for t in types])[type_i],
        "manager": manager[who],
    }).sort("date"))

    # ------------------------------------------------------------------------------- spend
    acq_month = (np.datetime64(start) + acq_day.astype("timedelta64[D]")).astype("datetime64[M]")
    acq = pl.DataFrame({"month": acq_month.astype("datetime64[D]"), "channel": np.array(source_names)[buyer_source]})
    acquired = acq.group_by("month", "channel").len()
    if chunk is None:
        spend_df = _spend(acquired, rng, end)
    else:
        chunk.acquired.append(acquired)
        chunk.orders_before += n_orders
        spend_df = None  # drawn once from every chunk's buyers (`chunks`)
    orders_df, communications_df = _campaigns(
        np.random.default_rng(seed + 1 if chunk is None else [seed + 1, chunk.number]), customers_df, orders_df, end,
        None if chunk is None else chunk.campaign_orders_before)
    buyer_ids = ids[buyer_idx]
    lines_df = _order_lines(orders_df, pl.Series(buyer_ids), pl.Series(favourite), side, purposeful)
    frames = {"orders": orders_df, "customers": customers_df, "interactions": interactions_df, "spend": spend_df,
              "communications": communications_df, "order_lines": lines_df}
    return frames, {"purposeful": set(buyer_ids[purposeful].tolist())}


def _spend(acquired: pl.DataFrame, rng: np.random.Generator, end: dt.date) -> pl.DataFrame:
    """Monthly spend per paid channel: the buyers it brought (`acquired`: month, channel, len) times its CAC,
    with noise."""
    cac = pl.DataFrame({
        "channel": [s for s in SOURCES if SOURCES[s][3] is not None],
        "cac": [SOURCES[s][3] for s in SOURCES if SOURCES[s][3] is not None],
    })
    paid = acquired.join(cac, on="channel").sort("month", "channel")
    spend_df = (
        paid.with_columns(noise=pl.Series(rng.lognormal(0.0, 0.15, paid.height)))
        .select(date=pl.col("month").cast(pl.Date), channel="channel",
                amount=(pl.col("len") * pl.col("cac") * pl.col("noise")).round(2))
    )
    return datasets.conform("spend", spend_df.filter(pl.col("date") <= end))


def chunks(customers: int, seed: int = 7, end: dt.date = END_DATE,
           size: int = CHUNK) -> Iterator[dict[str, pl.DataFrame]]:
    """The demo of `customers` contacts in equal chunks of at most `size` contacts, one dict of datasets per chunk,
    deterministic for a given seed; the spend (drawn from every chunk's buyers) comes alone, last.

    A base of at most `size` contacts is one chunk equal to `generate(customers, seed, end)`. A larger one is
    made chunk by chunk with the same distributions (each chunk's duplicates, broken e-mails and campaign
    audiences drawn within it), so only one chunk is in memory at a time."""
    if customers <= size:
        yield generate(customers, seed, end)
        return
    master = np.random.default_rng([seed, customers])
    tag_space = max(10_000, 10 ** len(str(customers)))
    state = _Chunk(number=0, first=0, total=customers, tag_offset=int(master.integers(0, tag_space)),
                   phone_offset=int(master.integers(0, 10 ** 9)))
    # Chunks of equal size (to one contact), so none is too small to hold every kind of contact.
    count = -(-customers // size)
    bounds = [customers * i // count for i in range(count + 1)]
    for state.number, (state.first, stop) in enumerate(zip(bounds, bounds[1:])):
        frames, _ = _generate(stop - state.first, seed, end, state)
        del frames["spend"]
        yield frames
        # Dropped before the next chunk is made: the suspended generator's own reference kept the previous chunk
        # alive through the next one's making (two chunks in memory at the peak).
        del frames, _
    acquired = pl.concat(state.acquired).group_by("month", "channel").agg(pl.col("len").sum())
    yield {"spend": _spend(acquired, master, end)}


# ------------------------------------------------------------------------------------- campaigns
# Demo campaigns: name, days before the end, channel, share of the consented customers sent it, control
# share, and the true effect: the extra chance of a purchase in the 14 days after it (orders of
# CAMPAIGN_ORDER_MEAN ₽ on average), so the true uplift in revenue per customer is effect × the mean.
DEMO_CAMPAIGNS: tuple[tuple[str, int, str, float, float, float], ...] = (
    ("Реактивация: скидка 15%", 150, "email", 0.35, 0.10, 0.04),
    ("Новинки осени", 75, "email", 0.40, 0.10, 0.0),
    ("День рождения: подарок", 45, "sms", 0.30, 0.10, 0.06),
    ("Ранний доступ к распродаже", 12, "email", 0.30, 0.10, 0.03),
    ("Летняя рассылка без контроля", 110, "email", 0.30, 0.0, 0.02),
)
CAMPAIGN_ORDER_MEAN = 2_500.0
CAMPAIGN_ORDER_SHAPE = 2.0
RESPONSE_DAYS = 14
MESSAGE_COST = {"email": 0.35, "sms": 3.5}


def campaign_revenue(rng: np.random.Generator, *, true_uplift: float, recipients: int = 3_000, control: int = 300,
                     base_rate: float = 0.05, mean_order: float = CAMPAIGN_ORDER_MEAN,
                     shape: float = CAMPAIGN_ORDER_SHAPE) -> tuple[np.ndarray, np.ndarray]:
    """Revenue per customer in a campaign's window for recipients and control with a known uplift: each
    customer buys once with probability base_rate (recipients: + true_uplift / mean_order) an order of
    Gamma(shape, mean_order / shape) roubles, so mean(recipients) − mean(control) = true_uplift exactly."""
    lift = true_uplift / mean_order

    def group(n: int, rate: float) -> np.ndarray:
        return (rng.random(n) < rate) * rng.gamma(shape, mean_order / shape, n)

    return group(recipients, base_rate + lift), group(control, base_rate)


def _campaigns(rng: np.random.Generator, customers_df: pl.DataFrame, orders_df: pl.DataFrame,
               end: dt.date, numbered: dict[int, int] | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The demo's communications (`DEMO_CAMPAIGNS`, control groups held out) and the extra orders their
    recipients placed because of them. `numbered`: each campaign's extra orders of the chunks before (their
    order ids continue from there; updated)."""
    numbered = {} if numbered is None else numbered
    messages, extra = [], []
    for number, (name, days_back, channel, share, control_share, effect) in enumerate(DEMO_CAMPAIGNS):
        day = end - dt.timedelta(days=days_back)
        consent = "consent_email" if channel == "email" else "consent_sms"
        eligible = customers_df.filter(pl.col(consent).fill_null(False)
                                       & (pl.col("registered_at").is_null() | (pl.col("registered_at") <= day)))
        chosen = eligible.filter(pl.Series(rng.random(eligible.height) < share))
        held = rng.random(chosen.height) < control_share
        sent_at = np.datetime64(dt.datetime.combine(day, dt.time(10, 0)), "s") + rng.integers(
            0, 3_600, chosen.height).astype("timedelta64[s]")
        opened = rng.random(chosen.height) < (0.22 if channel == "email" else 0.0)
        clicked = opened & (rng.random(chosen.height) < 0.15)
        unsubscribed = ~held & (rng.random(chosen.height) < 0.003)
        messages.append(pl.DataFrame({
            "customer_id": chosen["customer_id"], "email": chosen["email"], "phone": chosen["phone"],
            "campaign": name, "channel": channel, "sent_at": pl.Series(sent_at.astype("datetime64[us]")),
            "delivered": ~held & (rng.random(chosen.height) < 0.97),
            "opened": pl.Series(opened.tolist()).set(pl.Series(held), None) if channel == "email" else None,
            "clicked": pl.Series(clicked.tolist()).set(pl.Series(held), None) if channel == "email" else None,
            "unsubscribed": unsubscribed, "promo_code": None if effect == 0 else f"DEMO{number + 1}",
            "cost": pl.Series([MESSAGE_COST[channel]] * chosen.height).set(pl.Series(held), None), "control": held,
        }, strict=False))
        buyers = chosen.filter(pl.Series(~held & (rng.random(chosen.height) < effect)))
        if buyers.height:
            when = [day + dt.timedelta(days=int(d)) for d in rng.integers(0, RESPONSE_DAYS, buyers.height)]
            before = numbered.get(number, 0)
            numbered[number] = before + buyers.height
            extra.append(pl.DataFrame({
                "order_id": [f"CMP{number + 1}-{before + i:06d}" for i in range(buyers.height)],
                "customer_id": buyers["customer_id"], "order_date": pl.Series(when, dtype=pl.Date),
                "amount": np.round(rng.gamma(CAMPAIGN_ORDER_SHAPE, CAMPAIGN_ORDER_MEAN / CAMPAIGN_ORDER_SHAPE,
                                             buyers.height), 2),
                "status": "Выполнен", "completed": True, "channel": "Сайт", "category": CATEGORIES[number],
                "manager": buyers["manager"],
            }))
    communications = datasets.conform("communications", pl.concat(
        [datasets.conform("communications", m) for m in messages]).sort("sent_at"))
    if extra:
        added = datasets.conform("orders", pl.concat(extra).filter(pl.col("order_date") <= end))
        orders_df = pl.concat([orders_df, added]).sort("order_date", maintain_order=True)
    return orders_df, communications



def _order_lines(orders: pl.DataFrame, buyers: pl.Series, favourite: pl.Series, rng: np.random.Generator,
                 purposeful: np.ndarray) -> pl.DataFrame:
    """What each order held: 1-4 lines whose sums add up to the order's amount exactly. The first line is in the
    order's category; a customer's further lines go to their favourite category (`favourite`: an index into
    CATEGORIES for each of `buyers`) half the time, always for a `purposeful` buyer; else to the category's companion
    (a third) or anywhere. Drawn from the side generator, so the other datasets stay as they were. The text columns
    are gathered from small lookups in Polars (a chunk's 3M lines as Python strings took gigabytes)."""
    n = orders.height
    per_order = np.minimum(1 + rng.poisson(0.9, n), 4)
    order_i = np.repeat(np.arange(n), per_order)
    first = np.concatenate([[0], np.cumsum(per_order)[:-1]])
    position = np.arange(order_i.size) - np.repeat(first, per_order)
    order_cat = orders["category"].replace_strict(list(CATEGORIES), range(len(CATEGORIES)),
                                                  return_dtype=pl.Int64).to_numpy()
    # A campaign's extra order (core/demo.py _campaigns) may be a first purchase: its own category then.
    customer = orders["customer_id"]
    fav = customer.replace_strict(buyers, favourite, default=-1, return_dtype=pl.Int64).to_numpy()
    fav = np.where(fav < 0, order_cat, fav)[order_i]
    pick = rng.random(order_i.size)
    other = np.where(pick < 0.5, fav, np.where(pick < 0.83, np.array(COMPANION)[order_cat[order_i]],
                                               rng.integers(0, len(CATEGORIES), order_i.size)))
    focused = customer.is_in(buyers.filter(pl.Series(purposeful))).to_numpy()[order_i]
    cat = np.where(position == 0, order_cat[order_i], np.where(focused, fav, other))
    sub = rng.integers(0, 3, order_i.size)
    weights = rng.gamma(2.0, 1.0, order_i.size)
    share = weights / np.bincount(order_i, weights)[order_i]
    amount = np.asarray(orders["amount"].to_numpy())[order_i]
    line = np.round(amount * share, 2)
    # The last line takes the rounding, so lines add up to the order's amount.
    last = np.concatenate([first[1:] - 1, [order_i.size - 1]])
    line[last] += np.round(amount[last] - np.bincount(order_i, line)[order_i[last]], 2)
    line = np.round(line, 2)
    quantity = np.minimum(1 + rng.poisson(0.4, order_i.size), 5).astype(float)
    margin = np.array(CATEGORY_MARGIN)[cat] * rng.uniform(0.8, 1.2, order_i.size)
    model = rng.integers(1, 40, order_i.size)
    # the 24 (category, subcategory) pairs by index cat * 3 + sub, and the model number as text
    kind = pl.Series(cat * 3 + sub)
    model_text = pl.Series(model).cast(pl.String)
    subcategory = pl.Series([SUBCATEGORIES[c][k] for c in CATEGORIES for k in range(3)]).gather(kind)
    return datasets.conform("order_lines", pl.DataFrame({
        "order_id": orders["order_id"].gather(order_i),
        "product_id": ("SKU-" + pl.Series(cat).cast(pl.String) + pl.Series(sub).cast(pl.String)
                       + model_text.str.zfill(3)),
        "product_name": subcategory + ", модель " + model_text,
        "category": pl.Series([f"{c}{datasets.CATEGORY_SEPARATOR}{SUBCATEGORIES[c][k]}" for c in CATEGORIES
                               for k in range(3)]).gather(kind),
        "category_top": pl.Series(CATEGORIES).gather(cat),
        "quantity": quantity,
        "price": np.round(line / quantity, 2),
        "amount": line,
        "cost": np.round(line * (1 - margin), 2),
        "brand": pl.Series(BRANDS).gather(cat),
    }))


def load_into(ws: Workspace, customers: int = 20_000, seed: int = 7, chunk: int = CHUNK,
              progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Generate the demo data and publish it as the workspace's datasets, in one generation; returns row counts.

    Written chunk by chunk (`chunks`: at most `chunk` contacts in memory, each chunk its own Parquet files),
    published once at the end. `progress(customers written, customers)` is called after each chunk."""
    staged: dict[str, list[Path]] = {}
    counts: dict[str, int] = {}
    with ws.staging() as area:
        number = -1
        # Not enumerate(): its cached result tuple would hold the previous chunk while the next one is made.
        for frames in chunks(customers, seed, size=chunk):
            number += 1
            for kind, frame in frames.items():
                path = area.file(f"{kind}.parquet" if number == 0 else f"{kind}-{number:04d}.parquet")
                frame.write_parquet(path)
                staged.setdefault(kind, []).append(path)
                counts[kind] = counts.get(kind, 0) + frame.height
            del frames, frame  # the last dataset written, too
            if progress is not None and "customers" in staged and len(staged["customers"]) == number + 1:
                progress(counts["customers"], customers)
        ws.publish(staged)
    return counts


def load_as_default(ws: Workspace, customers: int = 20_000) -> dict[str, int]:
    """Give an empty workspace the demo data, marked as a stand-in: the first upload replaces all of it."""
    counts = load_into(ws, customers=customers)
    JsonStore(ws.meta_dir / DEFAULT_MARK).update(
        lambda _: {"generation": ws.manifest().generation, "customers": counts["customers"]})
    return counts


def default_in_force(ws: Workspace) -> int | None:
    """The number of demo customers while the data in force is the stand-in demo, else None."""
    mark = JsonStore(ws.meta_dir / DEFAULT_MARK).read()
    if mark and mark.get("generation") == ws.manifest().generation:
        return int(mark["customers"])
    return None
