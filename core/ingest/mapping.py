"""Column mapping: which column of an export feeds which canonical field.

Suggestions come from header names (Russian and English synonyms, including the headers Bitrix24, amoCRM,
RetailCRM, 1C, Shopify, WooCommerce and Tilda write) and, for required fields still unmapped, from the
content. A mapping is ``{field: column}``; confirmed mappings are remembered per header hash.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import polars as pl

from core.ingest import parse

Parser = Literal[
    "text", "money", "date", "datetime", "bool", "email", "phone", "gender", "itype", "score", "status",
    "channel", "flag", "delivery",
]
KINDS = ("orders", "customers", "interactions", "spend", "communications", "order_lines")


@dataclass(frozen=True)
class Field:
    """A canonical field an uploaded column can be mapped to, with the header names that suggest it."""

    name: str
    parser: Parser
    synonyms: tuple[str, ...] = ()


_CUSTOMER_ID = (
    "customer id", "customer_id", "id клиента", "код клиента", "клиент id", "ид клиента", "client id",
    "номер клиента", "код контрагента", "контрагент", "покупатель", "клиент", "customer", "client",
    "id контакта", "контакт id", "contact id", "id покупателя", "user id", "buyer id", "номер карты",
    "карта лояльности",
)
_EMAIL = (
    "email", "e mail", "e-mail", "почта", "электронная почта", "эл почта", "адрес электронной почты",
    "рабочий e mail", "личный e mail", "customer email", "billing email", "email address", "мейл",
)
_PHONE = (
    "phone", "телефон", "мобильный телефон", "рабочий телефон", "номер телефона", "тел", "моб телефон",
    "phone number", "billing phone", "customer phone", "мобильный", "контактный телефон",
)
_MANAGER = ("manager", "менеджер", "ответственный", "ответственный менеджер", "responsible", "sales rep",
            "assigned to", "продавец", "менеджер заказа", "owner")
_DATE = ("date", "дата")

FIELDS: dict[str, tuple[Field, ...]] = {
    "orders": (
        Field("order_id", "text", (
            "order id", "order_id", "orderid", "id заказа", "номер заказа", "№ заказа", "№", "order number", "order no",
            "заказ №", "номер", "заказ", "order", "name", "id", "ид", "номер документа", "номер сделки",
            "id сделки", "внешний номер", "paymentid", "номер чека",
        )),
        Field("customer_id", "text", _CUSTOMER_ID + ("контакт", "контрагент покупатель")),
        Field("email", "email", _EMAIL),
        Field("phone", "phone", _PHONE),
        Field("order_date", "datetime", (
            "order date", "дата заказа", "created at", "date created", "order created", "дата создания",
            "дата оформления", "дата документа", "дата продажи", "дата сделки", "дата покупки", "date",
            "дата", "период", "paid at", "дата оплаты", "created", "created_at", "order_date", "дата и время",
        )),
        Field("amount", "money", (
            "amount", "total", "сумма", "итого", "сумма заказа", "order total", "сумма документа",
            "сумма продажи", "сумма сделки", "бюджет", "выручка", "revenue", "total price", "сумма итого",
            "стоимость", "стоимость заказа", "к оплате", "сумма оплаты", "price", "цена", "subtotal",
            "order_total", "amount paid",
        )),
        Field("status", "status", (
            "status", "статус", "статус заказа", "order status", "financial status", "стадия сделки",
            "стадия", "этап", "этап сделки", "состояние", "статус оплаты", "payment status",
        )),
        Field("channel", "text", (
            "channel", "канал", "канал продаж", "источник", "source", "source name", "utm source",
            "utm_source", "источник заказа", "способ оформления", "площадка", "маркетплейс",
        )),
        Field("discount", "money", (
            "discount", "скидка", "discount amount", "сумма скидки", "скидка руб", "cart discount",
        )),
        Field("category", "text", (
            "category", "категория", "категория товара", "группа товаров", "товарная группа",
            "product type", "номенклатурная группа", "раздел",
        )),
        Field("manager", "text", _MANAGER),
    ),
    "customers": (
        Field("customer_id", "text", _CUSTOMER_ID + ("id", "ид", "код", "customer number")),
        Field("name", "text", (
            "name", "имя", "фио", "наименование", "full name", "customer name", "клиент", "контакт",
            "billing name", "полное имя", "имя клиента", "покупатель", "название",
        )),
        Field("email", "email", _EMAIL),
        Field("phone", "phone", _PHONE),
        Field("birth_date", "date", (
            "birth date", "дата рождения", "день рождения", "birthday", "date of birth", "dob", "birthdate",
        )),
        Field("gender", "gender", ("gender", "пол", "sex")),
        Field("city", "text", ("city", "город", "населенный пункт", "billing city", "город доставки")),
        Field("region", "text", ("region", "регион", "область", "province", "state", "billing province",
                                 "субъект рф", "край")),
        Field("source", "text", ("source", "источник", "канал привлечения", "utm source", "откуда узнал",
                                 "источник клиента", "канал")),
        Field("registered_at", "date", (
            "registered at", "дата регистрации", "registration date", "дата создания", "created at",
            "дата первого контакта", "зарегистрирован", "signed up", "first order date", "date created",
        )),
        Field("consent_email", "bool", (
            "consent email", "согласие на email", "согласие на e mail", "согласие на рассылку",
            "подписка на рассылку", "подписка email", "accepts email marketing", "accepts marketing",
            "email consent", "email рассылка", "рассылка", "subscribed",
        )),
        Field("consent_sms", "bool", (
            "consent sms", "согласие на sms", "согласие на смс", "sms рассылка", "смс рассылка",
            "accepts sms marketing", "sms consent", "подписка sms", "подписка смс",
        )),
        Field("manager", "text", _MANAGER),
        Field("interests", "text", ("interests", "интересы", "tags", "теги", "метки", "увлечения")),
        Field("profession", "text", ("profession", "профессия", "должность", "occupation", "job title",
                                     "сфера деятельности")),
        Field("marital_status", "text", ("marital status", "семейное положение", "семейный статус")),
    ),
    "interactions": (
        Field("customer_id", "text", _CUSTOMER_ID),
        Field("email", "email", _EMAIL),
        Field("phone", "phone", _PHONE),
        Field("date", "date", (
            "date", "дата", "дата обращения", "дата звонка", "дата события", "created at", "дата создания",
            "дата и время", "время",
        )),
        Field("type", "itype", ("type", "тип", "тип обращения", "вид", "вид обращения", "канал обращения",
                                "тип взаимодействия", "тип события")),
        Field("score", "score", ("score", "оценка", "nps", "балл", "rating", "рейтинг", "nps score")),
        Field("text", "text", ("text", "текст", "комментарий", "comment", "сообщение", "message",
                               "содержание", "отзыв", "описание", "тема")),
        Field("manager", "text", _MANAGER),
    ),
    "spend": (
        Field("date", "date", ("date", "дата", "месяц", "период", "month", "period", "день", "day")),
        Field("channel", "text", ("channel", "канал", "источник", "source", "рекламный канал", "площадка",
                                  "campaign", "кампания", "utm source")),
        Field("amount", "money", ("amount", "spend", "расход", "расходы", "затраты", "сумма", "бюджет",
                                  "cost", "стоимость", "сумма расхода", "расход руб")),
    ),
    # Message-level exports of mailing services (Unisender, Sendsay, Mindbox, DashaMail) and SMS gateways.
    # `delivery` is an input only: one status column (Unisender's send_result, DashaMail's and the SMS
    # gateways' «Статус») fills delivered / opened / clicked / unsubscribed where those are not mapped.
    "communications": (
        Field("customer_id", "text", _CUSTOMER_ID + (
            "customerid", "customer id mindbox", "идентификатор клиента", "внешний идентификатор", "external id",
            "идентификатор на сайте", "id на сайте", "member id", "subscriber id", "id подписчика",
        )),
        Field("email", "email", _EMAIL + ("member email", "адрес", "адрес email", "email адрес", "получатель email",
                                          "subscriber email", "e mail адрес")),
        Field("phone", "phone", _PHONE + ("номер", "получатель", "номер получателя", "абонент", "msisdn",
                                          "member phone", "мобильный телефон клиента", "recipient")),
        Field("campaign", "text", (
            "campaign", "кампания", "рассылка", "название рассылки", "имя рассылки", "campaign name", "название",
            "issue name", "выпуск", "название выпуска", "тема", "тема письма", "subject", "message subject",
            "название кампании", "mailing", "mailing name", "рассылка название", "шаблон", "template",
            "campaign id", "id рассылки", "issue id", "текст сообщения", "сообщение", "текст", "message", "text",
        )),
        Field("channel", "channel", ("channel", "канал", "канал коммуникации", "канал рассылки", "тип рассылки",
                                     "тип сообщения", "message type", "тип", "type", "вид рассылки")),
        Field("sent_at", "datetime", (
            "sent at", "sent_at", "дата отправки", "время отправки", "дата и время отправки", "отправлено",
            "issue dt", "send dt", "sent", "send date", "date sent", "дата рассылки", "дата", "date", "дата и время",
            "время", "datetime", "last update datetime", "дата создания", "created at", "timestamp",
        )),
        Field("delivered", "flag", ("delivered", "доставлено", "доставлен", "доставка", "is delivered",
                                    "deliv dt", "дата доставки", "delivered at")),
        Field("opened", "flag", ("opened", "открыто", "открыл", "открытие", "открытия", "прочитано", "read",
                                 "read dt", "дата открытия", "opened at", "is opened")),
        Field("clicked", "flag", ("clicked", "клик", "клики", "кликнул", "переход", "переходы", "click dt",
                                  "дата клика", "clicked at", "is clicked", "переход по ссылке")),
        Field("unsubscribed", "flag", ("unsubscribed", "отписка", "отписался", "отписан", "unsub dt",
                                       "дата отписки", "unsubscribed at", "is unsubscribed", "отписки")),
        Field("promo_code", "text", ("promo code", "promo_code", "промокод", "промо код", "купон", "coupon",
                                     "coupon code", "код купона", "promocode")),
        Field("cost", "money", ("cost", "стоимость", "цена", "стоимость сообщения", "стоимость отправки",
                                "price", "сумма", "списано", "cost rub", "стоимость руб", "тариф")),
        Field("control", "flag", ("control", "контрольная группа", "контроль", "control group", "in control",
                                  "группа контроль", "is control", "holdout", "контрольная")),
        Field("delivery", "delivery", ("send result", "send_result", "статус", "status", "статус доставки",
                                       "deliv status", "статус сообщения", "статус письма", "delivery status",
                                       "результат", "результат отправки", "состояние", "event", "событие")),
    ),
}

# Order lines: the headers of 1C (sales by document: «Документ», «Номенклатура», «Номенклатурная группа»,
# «Количество», «Цена», «Сумма», «Себестоимость»), RetailCRM (order products: «Номер заказа», «Артикул»,
# «Название товара», «Категория», «Количество», «Цена», «Сумма», «Закупочная цена», «Производитель») and web
# stores (Shopify «Name», «Lineitem name», «Lineitem sku», «Lineitem quantity», «Lineitem price», «Vendor»;
# WooCommerce «Order ID», «Item Name», «SKU», «Quantity», «Item Cost», «Category»).
FIELDS["order_lines"] = (
    Field("order_id", "text", (
        "order id", "order_id", "номер заказа", "№ заказа", "id заказа", "заказ", "заказ №", "номер документа",
        "документ", "order number", "order no", "order", "name", "номер чека", "чек", "документ продажи",
        "реализация", "номер",
    )),
    Field("product_id", "text", (
        "sku", "артикул", "lineitem sku", "код товара", "id товара", "product id", "product_id", "код номенклатуры",
        "код", "артикул товара", "vendor code", "offer id", "xmlid", "item sku", "штрихкод", "barcode",
    )),
    Field("product_name", "text", (
        "product name", "товар", "наименование", "номенклатура", "название товара", "наименование товара",
        "lineitem name", "item name", "product", "item", "название", "позиция",
    )),
    Field("category", "text", (
        "category", "категория", "категория товара", "номенклатурная группа", "группа товаров", "товарная группа",
        "группа номенклатуры", "product type", "product category", "раздел", "раздел каталога", "вид номенклатуры",
        "категории", "product categories",
    )),
    Field("subcategory", "text", ("subcategory", "подкатегория", "подгруппа", "подраздел", "категория 2",
                                  "product subcategory")),
    Field("quantity", "money", ("quantity", "количество", "кол во", "qty", "lineitem quantity", "кол", "шт",
                                "количество шт", "item quantity")),
    Field("price", "money", ("price", "цена", "цена за единицу", "lineitem price", "item cost", "цена продажи",
                             "unit price", "цена со скидкой")),
    Field("amount", "money", ("amount", "сумма", "сумма строки", "итого", "стоимость", "line total", "total",
                              "сумма продажи", "сумма с ндс", "сумма со скидкой", "line amount", "item total",
                              "выручка")),
    Field("cost", "money", ("себестоимость", "cost", "cost of goods", "сумма себестоимости", "cogs",
                            "себестоимость строки")),
    Field("unit_cost", "money", ("закупочная цена", "цена закупки", "cost per item", "себестоимость единицы",
                                 "закупка", "unit cost", "purchase price")),
    Field("brand", "text", ("brand", "бренд", "производитель", "торговая марка", "марка", "vendor",
                            "manufacturer")),
)


# Each inner tuple: at least one of these fields must be mapped.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "orders": (("customer_id", "email", "phone"), ("order_date",), ("amount",)),
    "customers": (("customer_id", "email", "phone"),),
    "interactions": (("customer_id", "email", "phone"), ("date",)),
    "spend": (("date",), ("amount",)),
    "communications": (("customer_id", "email", "phone"), ("sent_at",)),
    "order_lines": (("order_id",), ("amount", "price"), ("product_id", "product_name", "category")),
}
KEY_FIELDS = ("customer_id", "email", "phone")


def field(kind: str, name: str) -> Field:
    """The ``Field`` called ``name`` of dataset ``kind``."""
    for f in FIELDS[kind]:
        if f.name == name:
            return f
    raise KeyError(f"{kind}.{name}")


def normalize_header(name: str) -> str:
    """Lower-case, ``ё``→``е``, punctuation to spaces, single spaces: the form synonyms are compared in."""
    s = str(name).replace("\ufeff", "").lower().replace("ё", "е")
    s = re.sub(r"[_\-./:,;()\[\]\"'«»]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _score(header: str, synonyms: Sequence[str]) -> float:
    """100 for an exact synonym (earlier synonyms score higher), 50+ for a synonym contained as words."""
    h = normalize_header(header)
    best = 0.0
    for i, syn in enumerate(synonyms):
        s = normalize_header(syn)
        if not s:
            continue
        if h == s:
            return 100.0 - i * 0.1
        if len(s) >= 3 and re.search(rf"(^|\s){re.escape(s)}(\s|$)", h):
            best = max(best, 50.0 + min(len(s), 40) / 10)
    return best


def suggest_mapping(kind: str, columns: Sequence[str], sample: pl.DataFrame | None = None) -> dict[str, str]:
    """Suggest ``{field: column}`` from header names, then from content for required fields still missing."""
    candidates = [
        (score, -fi, -ci, f.name, col)
        for fi, f in enumerate(FIELDS[kind])
        for ci, col in enumerate(columns)
        if (score := _score(col, f.synonyms)) > 0
    ]
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for _score_, _fi, _ci, name, col in sorted(candidates, reverse=True):
        if name not in mapping and col not in used:
            mapping[name] = col
            used.add(col)
    if sample is not None and sample.height > 0:
        for name, col in _suggest_from_content(kind, mapping, [c for c in columns if c not in used], sample):
            mapping[name] = col
            used.add(col)
    return {f.name: mapping[f.name] for f in FIELDS[kind] if f.name in mapping}


def _share(values: pl.Series, expr_builder) -> float:
    """Share of non-empty values for which the parser expression gives a value."""
    df = pl.DataFrame({"v": values.cast(pl.String)}).select(
        parse.text(pl.col("v")).is_not_null().sum().alias("n"),
        expr_builder(parse.text(pl.col("v"))).is_not_null().sum().alias("ok"),
    )
    n, ok = df.row(0)
    return ok / n if n else 0.0


def _suggest_from_content(
    kind: str, mapping: Mapping[str, str], free: list[str], sample: pl.DataFrame
) -> list[tuple[str, str]]:
    """Content-based guesses for unmapped required groups: e-mails, phones, dates, money."""
    found: list[tuple[str, str]] = []
    taken: set[str] = set()
    for group in REQUIRED[kind]:
        if any(f in mapping for f in group):
            continue
        for name in group:
            parser = field(kind, name).parser
            for col in free:
                if col in taken or col not in sample.columns:
                    continue
                if _content_fits(parser, sample[col]):
                    found.append((name, col))
                    taken.add(col)
                    break
            if any(n in group for n, _ in found):
                break
    return found


def _content_fits(parser: Parser, values: pl.Series) -> bool:
    """Whether sampled values look like the given parser's type (80% or more parse)."""
    if parser == "email":
        return _share(values, parse.email) >= 0.8
    if parser == "phone":
        phone_like = pl.DataFrame({"v": values.cast(pl.String)}).select(
            parse.text(pl.col("v")).str.contains(r"^\+?[78]?[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}$")
        )
        return bool(phone_like.to_series().mean() or 0) >= 0.8
    if parser in ("date", "datetime"):
        detection = parse.detect_date_format(values)
        return detection.format is not None and detection.format.family != "excel" and detection.matched >= 0.8
    if parser == "money":
        style = parse.detect_number_style(values)
        has_fraction = values.cast(pl.String).str.contains(r"\d[.,]\d{1,2}\D*$|₽|руб|USD|\$").any()
        return bool(has_fraction) and _share(values, lambda e: parse.money(e, style)) >= 0.9
    return False


def missing_required(kind: str, mapping: Mapping[str, str | None]) -> list[tuple[str, ...]]:
    """The required groups none of whose fields is mapped (empty list when the mapping is complete)."""
    return [group for group in REQUIRED[kind] if not any(mapping.get(f) for f in group)]


def header_key(kind: str, columns: Sequence[str]) -> str:
    """A stable hash of a dataset kind and a file's header, used to remember confirmed mappings."""
    text = kind + "\x1f" + "\x1f".join(normalize_header(c) for c in columns)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def validate_mapping(kind: str, mapping: Mapping[str, str], columns: Sequence[str]) -> dict[str, str]:
    """Drop empty entries; raise ``KeyError`` for unknown fields or columns not in the file."""
    names = {f.name for f in FIELDS[kind]}
    clean = {k: v for k, v in mapping.items() if v}
    for name, col in clean.items():
        if name not in names:
            raise KeyError(f"field:{name}")
        if col not in columns:
            raise KeyError(f"column:{col}")
    return clean
