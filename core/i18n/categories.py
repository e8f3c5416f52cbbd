"""Strings of the page «Что покупают»: categories, cross-sell pairs and the order-line check."""

STRINGS: dict[str, tuple[str, str]] = {
    "nav.categories": ("Что покупают", "What customers buy"),
    "categories.title": ("Что покупают клиенты", "What customers buy"),
    "categories.period": ("Период: {start} — {end}; выполненные заказы", "Period: {start} — {end}; completed orders"),
    "categories.no_lines": (
        "В данных нет состава заказов. Загрузите строки заказов («Загрузка данных» → «Состав заказов»): номер "
        "заказа, товар или артикул, категория, количество, цена или сумма, по желанию себестоимость и бренд.",
        "The data holds no order lines. Upload them («Upload» → «Order lines»): order number, product or SKU, "
        "category, quantity, price or sum, and where you have them cost and brand.",
    ),
    "categories.table": ("Категории за период", "Categories in the period"),
    "categories.table.help": (
        "По строкам выполненных заказов периода; категория — верхний уровень пути категорий. Покупатели — клиенты "
        "со строкой категории; заказы — заказы, где она есть; доля выручки — от выручки всех строк с категорией; "
        "сумма в заказе — выручка категории / её заказы; средний чек — средняя сумма этих заказов целиком; "
        "повторные — доля покупателей категории, купивших её в двух и более заказах; маржа — по строкам с "
        "себестоимостью.",
        "From the lines of the period's completed orders; the category is the top level of the category path. "
        "Buyers: customers with a line of it; orders: orders holding it; revenue share: of the revenue of all "
        "categorised lines; per order: its revenue / its orders; average check: the mean amount of those whole "
        "orders; repeat: the share of its buyers who bought it in two orders or more; margin: over the lines "
        "carrying a cost.",
    ),
    "categories.col.category": ("Категория", "Category"),
    "categories.col.buyers": ("Покупатели", "Buyers"),
    "categories.col.orders": ("Заказы", "Orders"),
    "categories.col.revenue": ("Выручка", "Revenue"),
    "categories.col.revenue_share": ("Доля выручки", "Revenue share"),
    "categories.col.per_order": ("Сумма в заказе", "Per order"),
    "categories.col.aov": ("Средний чек заказа", "Average check"),
    "categories.col.repeat_rate": ("Повторные покупатели", "Repeat buyers"),
    "categories.col.margin": ("Валовая маржа", "Gross margin"),
    "categories.chart": ("Доля выручки по категориям", "Revenue share by category"),
    "categories.cross": ("Перекрёстные продажи", "Cross-sell pairs"),
    "categories.cross.help": (
        "Пары категорий, которые покупали одни и те же клиенты за период. Уверенность A → B — доля покупателей A, "
        "купивших и B; lift — (покупатели обеих × все покупатели) / (покупатели A × покупатели B): 1 — покупка "
        "одной ничего не говорит о другой, больше 1 — их берут вместе чаще случайного.",
        "Pairs of categories bought by the same customers in the period. Confidence A → B: the share of A's "
        "buyers who also bought B; lift: (buyers of both × all buyers) / (buyers of A × buyers of B): 1 means "
        "buying one says nothing of the other, above 1 that they go together more often than chance.",
    ),
    "categories.cross.min": ("Не меньше покупателей обеих", "At least buyers of both"),
    "categories.cross.none": (
        "Нет пар категорий с таким числом общих покупателей.", "No pair of categories with that many shared buyers."),
    "categories.col.pair": ("Пара", "Pair"),
    "categories.col.both": ("Купили обе", "Bought both"),
    "categories.col.confidence_ab": ("Уверенность A → B", "Confidence A → B"),
    "categories.col.confidence_ba": ("Уверенность B → A", "Confidence B → A"),
    "categories.col.lift": ("Lift", "Lift"),
    "categories.check": ("Сверка строк с заказами", "Lines against orders"),
    "categories.check.help": (
        "Строки с номером заказа, которого нет в заказах, не отбрасываются и считаются здесь; заказ, чьи строки "
        "в сумме отличаются от его суммы больше чем на {tolerance} (доставка, скидка вне строк, пропущенная "
        "строка), считается расходящимся.",
        "Lines whose order number is not among the orders are kept and counted here; an order whose lines add up "
        "to more than {tolerance} away from its amount (delivery, a discount outside the lines, a missing line) "
        "counts as disagreeing.",
    ),
    "categories.check.text": (
        "Строк: {lines}. Строк неизвестных заказов: {unknown_lines} (номеров заказов: {unknown_orders}{examples}). Заказов "
        "со строками: {orders_with_lines}, из них сумма строк расходится с суммой заказа: {mismatched}. Заказов "
        "без строк: {without}.",
        "Lines: {lines}. Lines of unknown orders: {unknown_lines} (order numbers: {unknown_orders}{examples}). Orders with "
        "lines: {orders_with_lines}, of which the lines' sum disagrees with the order's amount: {mismatched}. "
        "Orders without lines: {without}.",
    ),
    "categories.check.examples": (", например {ids}", ", e.g. {ids}"),
    "categories.check.mismatch_row": (
        "Заказ {order_id}: сумма {amount}, строки {lines_amount}", "Order {order_id}: amount {amount}, lines {lines_amount}"),
    "cli.ingest.lines": (
        "Сверка строк с заказами: строк неизвестных заказов {unknown_lines} (номеров заказов: {unknown_orders}), заказов с "
        "расходящейся суммой строк {mismatched} из {orders_with_lines}.",
        "Lines against orders: lines of unknown orders {unknown_lines} (order numbers: {unknown_orders}), orders whose "
        "lines disagree with their amount {mismatched} of {orders_with_lines}.",
    ),
}
