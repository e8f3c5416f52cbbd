"""Strings of the customer model's pages: definitions, base composition, customer card, overview KPIs."""

STRINGS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ definitions (one source)
    "def.not_set": ("не задан", "not set"),
    "def.base_type": ("Тип базы", "Base type"),
    "def.base_type.intro": (
        "Каждый контакт на дату анализа относится ровно к одному типу: действует первое подходящее "
        "правило. Контакты — все клиенты из справочника, зарегистрированные не позже этой даты (или без "
        "даты регистрации), и все, у кого есть выполненный заказ не позже этой даты.",
        "Every contact as of the analysis date has exactly one type: the first rule that applies wins. "
        "Contacts are the customers of the customer list registered on or before that date (or without a "
        "registration date) and everyone with a completed order on or before it.",
    ),
    "def.base_type.vip": ("VIP", "VIP"),
    "def.base_type.vip.text": (
        "среди покупателей последних 365 дней — верхние {vip_share} по выручке за эти 365 дней (число "
        "округляется вверх) и все, у кого выручка равна выручке последнего из них; а также все с выручкой "
        "за 365 дней не меньше минимума VIP ({vip_min_revenue}). Проверяется после неактивности.",
        "among the buyers of the last 365 days, the top {vip_share} by revenue in those 365 days (rounded "
        "up) and everyone tying with the last of them; also everyone whose revenue in those days is at or "
        "above the VIP minimum ({vip_min_revenue}). Checked after inactivity.",
    ),
    "def.base_type.active": ("Активная", "Active"),
    "def.base_type.active.text": (
        "два и более выполненных заказа, последний — не более {inactive_days} дней назад, не VIP.",
        "two or more completed orders, the last at most {inactive_days} days ago, not VIP.",
    ),
    "def.base_type.working": ("Рабочая", "Working"),
    "def.base_type.working.text": (
        "ровно один выполненный заказ, не более {inactive_days} дней назад, не VIP.",
        "exactly one completed order, at most {inactive_days} days ago, not VIP.",
    ),
    "def.base_type.inactive": ("Неактивная", "Inactive"),
    "def.base_type.inactive.text": (
        "последний выполненный заказ был более {inactive_days} дней назад (ровно {inactive_days} дней — ещё не "
        "неактивен).",
        "the last completed order was more than {inactive_days} days ago (exactly {inactive_days} days is not "
        "inactive yet).",
    ),
    "def.base_type.potential": ("Потенциальная", "Potential"),
    "def.base_type.potential.text": (
        "ни одного выполненного заказа, и нет согласия на рассылку или есть персональные данные сверх имени "
        "и контактов (дата рождения, пол или город).",
        "no completed order, and no marketing consent or personal data beyond name and contact details "
        "(birth date, gender or city).",
    ),
    "def.base_type.mailing": ("База для рассылки", "Mailing list"),
    "def.base_type.mailing.text": (
        "ни одного выполненного заказа, есть согласие на e-mail или SMS-рассылку и нет персональных данных "
        "сверх имени и контактов (ни даты рождения, ни пола, ни города).",
        "no completed order, consent to e-mail or SMS marketing, and no personal data beyond name and "
        "contact details (no birth date, gender or city).",
    ),
    "def.temperature": ("Температура", "Temperature"),
    "def.temperature.intro": (
        "Насколько клиент готов покупать; первое подходящее правило: негативная реакция — холодный; регулярные "
        "или повторные недавние покупки — горячий; интерес (заказ или контакт) — тёплый; иначе — холодный. "
        "Негативная реакция — жалоба, оценка от 0 до 6 (критик по NPS) или отписка не более {negative_days} "
        "дней назад.",
        "How ready the customer is to buy; the first rule that applies: a negative reaction makes them cold; "
        "buying regularly or again recently, hot; interest shown (an order or a contact), warm; otherwise cold. "
        "A negative reaction is a complaint, a score of 0 to 6 (an NPS detractor) or an unsubscribe at most "
        "{negative_days} days ago.",
    ),
    "def.temperature.hot": ("Горячий", "Hot"),
    "def.temperature.hot.text": (
        "без негативной реакции и покупает регулярно — не меньше {hot_min_orders} выполненных заказов за 365 "
        "дней, последний не более {warm_days} дней назад, — или купил повторно недавно: два и более заказа, "
        "последний не более {hot_days} дней назад. Один заказ, даже вчерашний, горячим не делает.",
        "no negative reaction, and buys regularly — at least {hot_min_orders} completed orders in 365 days, the "
        "last at most {warm_days} days ago — or bought again recently: two or more orders, the last at most "
        "{hot_days} days ago. A single order, even yesterday's, does not make a customer hot.",
    ),
    "def.temperature.warm": ("Тёплый", "Warm"),
    "def.temperature.warm.text": (
        "без негативной реакции, не горячий, и проявил интерес: заказ или любое обращение не более {warm_days} "
        "дней назад — покупка вероятна.",
        "no negative reaction, not hot, and showed interest: an order or any interaction at most {warm_days} "
        "days ago — a purchase is in prospect.",
    ),
    "def.temperature.cold": ("Холодный", "Cold"),
    "def.temperature.cold.text": (
        "негативная реакция не более {negative_days} дней назад (жалоба, оценка 0–6, отписка), или ни заказа, "
        "ни обращения за {warm_days} дней.",
        "a negative reaction at most {negative_days} days ago (a complaint, a score of 0–6, an unsubscribe), or "
        "neither an order nor an interaction in {warm_days} days.",
    ),
    "def.lifecycle": ("Стадия жизненного цикла", "Lifecycle stage"),
    "def.lifecycle.intro": (
        "Где клиент на пути от первой покупки до ухода; первое подходящее правило снизу вверх: без заказов, "
        "потерян, спит, новый, постоянный.",
        "Where the customer is between the first purchase and leaving; the first rule that applies of: "
        "no order, lost, sleeping, new, regular.",
    ),
    "def.lifecycle.new": ("Новый", "New"),
    "def.lifecycle.new.text": (
        "первый заказ менее {new_days} дней назад.", "the first order less than {new_days} days ago."),
    "def.lifecycle.regular": ("Постоянный", "Regular"),
    "def.lifecycle.regular.text": (
        "покупает дольше {new_days} дней, последний заказ не более {inactive_days} дней назад.",
        "buying for {new_days} days or more, the last order at most {inactive_days} days ago.",
    ),
    "def.lifecycle.sleeping": ("Спящий", "Sleeping"),
    "def.lifecycle.sleeping.text": (
        "последний заказ более {inactive_days}, но не более {lost_days} дней назад.",
        "the last order more than {inactive_days} but at most {lost_days} days ago.",
    ),
    "def.lifecycle.lost": ("Потерянный", "Lost"),
    "def.lifecycle.lost.text": (
        "последний заказ более {lost_days} дней назад.", "the last order more than {lost_days} days ago."),
    "def.lifecycle.prospect": ("Без покупок", "Prospect"),
    "def.lifecycle.prospect.text": ("контакт без выполненных заказов.", "a contact with no completed order."),
    "def.rfm": ("RFM-сегмент", "RFM segment"),
    "def.rfm.intro": (
        "Среди покупателей: R (давность последнего заказа), F (число заказов) и M (выручка) — баллы от 1 до 5 "
        "по квинтилям: 1 + ⌊5 × процентильный ранг⌋, при равенстве — меньший балл. Сегмент задаёт сетка R × F.",
        "Among buyers: R (recency of the last order), F (number of orders) and M (revenue) each score 1 to 5 "
        "by quintile: 1 + ⌊5 × percent rank⌋, ties share the lower score. The R × F grid names the segment.",
    ),
    "def.rfm.champions": ("Чемпионы", "Champions"),
    "def.rfm.champions.text": ("R 4–5, F 4–5.", "R 4–5, F 4–5."),
    "def.rfm.loyal": ("Лояльные", "Loyal"),
    "def.rfm.loyal.text": ("R 3, F 4–5.", "R 3, F 4–5."),
    "def.rfm.potential_loyalist": ("Потенциально лояльные", "Potential loyalists"),
    "def.rfm.potential_loyalist.text": ("R 4–5, F 2–3.", "R 4–5, F 2–3."),
    "def.rfm.new_customers": ("Новички", "New customers"),
    "def.rfm.new_customers.text": ("R 5, F 1.", "R 5, F 1."),
    "def.rfm.promising": ("Перспективные", "Promising"),
    "def.rfm.promising.text": ("R 4, F 1.", "R 4, F 1."),
    "def.rfm.need_attention": ("Требуют внимания", "Need attention"),
    "def.rfm.need_attention.text": ("R 3, F 3.", "R 3, F 3."),
    "def.rfm.about_to_sleep": ("Засыпающие", "About to sleep"),
    "def.rfm.about_to_sleep.text": ("R 3, F 1–2.", "R 3, F 1–2."),
    "def.rfm.cant_lose": ("Нельзя потерять", "Can't lose"),
    "def.rfm.cant_lose.text": ("R 1–2, F 5.", "R 1–2, F 5."),
    "def.rfm.at_risk": ("В зоне риска", "At risk"),
    "def.rfm.at_risk.text": ("R 1–2, F 3–4.", "R 1–2, F 3–4."),
    "def.rfm.hibernating": ("Спячка", "Hibernating"),
    "def.rfm.hibernating.text": ("R 2, F 1–2.", "R 2, F 1–2."),
    "def.rfm.lost": ("Потерянные", "Lost"),
    "def.rfm.lost.text": ("R 1, F 1–2.", "R 1, F 1–2."),
    "def.abc": ("ABC-класс", "ABC class"),
    "def.abc.intro": (
        "Покупатели по убыванию выручки до даты анализа; класс определяет доля выручки всех, кто выше клиента.",
        "Buyers by revenue up to the analysis date, largest first; the class is set by the revenue share of "
        "everyone above the customer.",
    ),
    "def.abc.A": ("A", "A"),
    "def.abc.A.text": (
        "доля выручки тех, кто выше, меньше {abc_a_share} — клиенты, дающие первые {abc_a_share} выручки.",
        "the share of those above is below {abc_a_share}: the customers bringing the first {abc_a_share} of "
        "revenue.",
    ),
    "def.abc.B": ("B", "B"),
    "def.abc.B.text": (
        "доля выручки тех, кто выше, от {abc_a_share} до {abc_b_share}.",
        "the share of those above is from {abc_a_share} up to {abc_b_share}.",
    ),
    "def.abc.C": ("C", "C"),
    "def.abc.C.text": ("остальные покупатели.", "the remaining buyers."),
    "def.discount": ("Покупатели по скидкам", "Discount-driven buyers"),
    "def.discount.intro": (
        "Клиенты, которые покупают в основном со скидкой.", "Customers who mostly buy at a discount."),
    "def.discount.discount_buyer": ("Покупает по скидкам", "Discount-driven"),
    "def.discount.discount_buyer.text": (
        "не менее двух выполненных заказов, и не менее {discount_buyer_share} из них — со скидкой.",
        "at least two completed orders, at least {discount_buyer_share} of them discounted.",
    ),
    "def.behaviour": ("Тип поведения", "Behaviour type"),
    "def.behaviour.intro": (
        "Как клиент покупает; первое подходящее правило сверху вниз: по скидкам, целенаправленный, импульсивный, "
        "лояльный, любопытный. Где данные не показывают ни одного типа, типа нет. Интервалы — дни между "
        "соседними выполненными заказами за 365 дней; их разброс — коэффициент вариации (стандартное отклонение "
        "/ среднее). Категории — из состава заказов.",
        "How the customer buys; the first rule that applies, top to bottom: discount-driven, purposeful, "
        "impulsive, loyal, curious. Where the data shows none, there is no type. Intervals are the days between "
        "consecutive completed orders of the 365 days; their spread is the coefficient of variation (standard "
        "deviation / mean). Categories come from the order lines.",
    ),
    "def.behaviour.discount": ("Покупает по скидкам", "Discount-driven"),
    "def.behaviour.discount.text": (
        "не менее двух выполненных заказов, и не менее {discount_buyer_share} из них — со скидкой.",
        "at least two completed orders, at least {discount_buyer_share} of them discounted.",
    ),
    "def.behaviour.purposeful": ("Целенаправленный", "Purposeful"),
    "def.behaviour.purposeful.text": (
        "ясные устойчивые потребности: не менее {behaviour_min_orders} заказов за 365 дней через ровные "
        "промежутки (коэффициент вариации интервалов не больше {purposeful_max_cv}), и главная категория — не "
        "меньше {purposeful_min_share} выручки его строк заказов.",
        "clear, stable needs: at least {behaviour_min_orders} orders in 365 days at even intervals (their "
        "coefficient of variation at most {purposeful_max_cv}), and the top category at least "
        "{purposeful_min_share} of the revenue of their order lines.",
    ),
    "def.behaviour.impulsive": ("Импульсивный", "Impulsive"),
    "def.behaviour.impulsive.text": (
        "спонтанные покупки: не менее {behaviour_min_orders} заказов за 365 дней через неровные промежутки "
        "(коэффициент вариации не меньше {impulsive_min_cv}), не меньше {impulsive_min_categories} разных "
        "категорий и средний чек за 365 дней ниже медианы средних чеков покупателей (мелкие заказы).",
        "spontaneous purchases: at least {behaviour_min_orders} orders in 365 days at uneven intervals "
        "(coefficient of variation at least {impulsive_min_cv}), at least {impulsive_min_categories} distinct "
        "categories, and an average check over 365 days below the median of the buyers' (small orders).",
    ),
    "def.behaviour.loyal": ("Лояльный", "Loyal"),
    "def.behaviour.loyal.text": (
        "покупает часто и недавно: баллы R и F (квинтили RFM) оба не ниже {loyal_min_score} — примерно верхняя "
        "пятая часть покупателей по частоте и давности вместе.",
        "buys often and recently: R and F scores (RFM quintiles) both at least {loyal_min_score}, about the top "
        "fifth of buyers by frequency and recency together.",
    ),
    "def.behaviour.curious": ("Любопытный", "Curious"),
    "def.behaviour.curious.text": (
        "интерес без сложившейся потребности: не больше одного выполненного заказа и не меньше "
        "{curious_min_interactions} обращений за 365 дней.",
        "interest without a settled need: at most one completed order and at least {curious_min_interactions} "
        "interactions in 365 days.",
    ),
    "composition.col.behaviour_type": ("Тип поведения", "Behaviour type"),
    "composition.no_type": (
        "Без типа поведения (данные не показывают ни одного): {count} из {total}.",
        "No behaviour type (the data shows none): {count} of {total}.",
    ),
    "composition.thresholds.behaviour": ("Типы поведения", "Behaviour types"),
    "composition.thresholds.behaviour_min_orders": ("Заказов за год для ритма", "Orders a year to judge rhythm"),
    "composition.thresholds.loyal_min_score": ("Лояльный: R и F не ниже", "Loyal: R and F at least"),
    "composition.thresholds.purposeful_max_cv": ("Целенаправленный: разброс интервалов ≤", "Purposeful: spread ≤"),
    "composition.thresholds.purposeful_min_share": ("Целенаправленный: главная категория, %",
                                                    "Purposeful: top category, %"),
    "composition.thresholds.impulsive_min_cv": ("Импульсивный: разброс интервалов ≥", "Impulsive: spread ≥"),
    "composition.thresholds.impulsive_min_categories": ("Импульсивный: категорий не меньше",
                                                        "Impulsive: categories at least"),
    "composition.thresholds.curious_min_interactions": ("Любопытный: обращений за год", "Curious: interactions a year"),
    # ------------------------------------------------------------------------------ navigation
    "nav.composition": ("Состав базы", "Base composition"),
    "nav.customer_card": ("Карточка клиента", "Customer card"),
    "nav.definitions": ("Определения", "Definitions"),
    # ---------------------------------------------------------------------------- definitions page
    "definitions.title": ("Определения", "Definitions"),
    "definitions.caption": (
        "Как считается каждая классификация; значения порогов — действующие сейчас (их можно изменить на "
        "странице «Состав базы»).",
        "How every classification is computed; the thresholds are those in force now (change them on the "
        "«Base composition» page).",
    ),
    "definitions.completed": (
        "Везде учитываются только выполненные заказы: отмены и возвраты не считаются.",
        "Only completed orders count everywhere: cancellations and returns are left out.",
    ),
    "definitions.order_sequence": (
        "Первый и последний заказ клиента — по дате, затем по времени (заказы без времени идут после заказов "
        "со временем того же дня); при полном совпадении — по алфавиту канала или менеджера. Канал первого "
        "заказа — канал самого раннего заказа (пусто, если в нём канал не указан); канал привлечения — источник "
        "клиента, иначе канал первого заказа. Менеджер — из карточки клиента, иначе менеджер последнего заказа, "
        "в котором он указан.",
        "A customer's first and last orders go by date, then by time (orders without a time come after the timed "
        "orders of that day); exact ties go by the channel's or manager's alphabetical order. First order channel: "
        "the channel of the earliest order (empty when that order names none); acquisition channel: the "
        "customer's source, else the first order's channel. Manager: from the customer's record, else the "
        "manager of the last order that names one.",
    ),
    # ------------------------------------------------------------------------- composition page
    "composition.title": ("Состав базы", "Base composition"),
    "composition.caption": ("На дату анализа {as_of}", "As of the analysis date {as_of}"),
    "composition.tab.now": ("Структура", "Structure"),
    "composition.tab.time": ("Динамика", "Over time"),
    "composition.tab.migration": ("Переходы", "Migration"),
    "composition.tab.thresholds": ("Пороги", "Thresholds"),
    "composition.dimension": ("Классификация", "Classification"),
    "composition.customers": ("Клиентов", "Customers"),
    "composition.customer_share": ("Доля клиентов", "Share of customers"),
    "composition.revenue_share": ("Доля выручки", "Share of revenue"),
    "composition.buyers_only": (
        "RFM и ABC считаются только по покупателям (контакты без заказов не входят).",
        "RFM and ABC cover buyers only (contacts without orders are left out).",
    ),
    "composition.by_class": ("Клиенты и выручка по классам", "Customers and revenue by class"),
    "composition.table.class": ("Класс", "Class"),
    "composition.table.revenue": ("Выручка до даты анализа", "Revenue up to the analysis date"),
    "composition.rfm_grid": ("Сетка R × F", "R × F grid"),
    "composition.rfm_grid.axis_r": ("R — давность (5 — недавно)", "R — recency (5 — recent)"),
    "composition.rfm_grid.axis_f": ("F — частота (5 — часто)", "F — frequency (5 — often)"),
    "composition.pareto": ("Кривая Парето (ABC)", "Pareto curve (ABC)"),
    "composition.pareto.x": ("Доля покупателей, %", "Share of buyers, %"),
    "composition.pareto.y": ("Доля выручки, %", "Share of revenue, %"),
    "composition.members": ("Клиенты класса", "Customers of a class"),
    "composition.members.pick": ("Класс", "Class"),
    "composition.members.count": ("Клиентов: {count}", "Customers: {count}"),
    "composition.members.shown": (
        "Показаны первые {shown} из {count} (по выручке); в файл попадают все.",
        "The first {shown} of {count} (by revenue) are shown; the file has all of them.",
    ),
    "composition.members.no_rights": (
        "Списки клиентов доступны ролям с правом просмотра отдельных клиентов.",
        "Customer lists are available to roles allowed to see individual customers.",
    ),
    "composition.members.masked": (
        "Персональные данные скрыты: у вашей роли нет права их просматривать.",
        "Personal data is masked: your role may not see it.",
    ),
    "composition.download": ("Скачать список (CSV)", "Download the list (CSV)"),
    "composition.time.title": ("Состав базы по месяцам", "Base composition by month"),
    "composition.time.help": (
        "Число контактов каждого типа на конец каждого месяца (последняя точка — дата анализа), по тем же "
        "правилам и порогам, что и сейчас.",
        "Contacts of each type at every month end (the last point is the analysis date), by the same rules "
        "and thresholds as now.",
    ),
    "composition.time.months": ("Месяцев", "Months"),
    "composition.time.mode": ("Показать", "Show"),
    "composition.time.mode.count": ("Число клиентов", "Customers"),
    "composition.time.mode.share": ("Доли, %", "Shares, %"),
    "composition.migration.title": ("Переходы между типами", "Moves between types"),
    "composition.migration.help": (
        "Тип каждого контакта на первую и на вторую дату; поток — сколько клиентов перешли из типа в тип. "
        "«Не было в базе» — контакты, появившиеся между датами.",
        "Every contact's type on the first and on the second date; a flow is how many customers moved from "
        "one type to another. «Not in the base» are contacts that appeared between the dates.",
    ),
    "composition.migration.from": ("Первая дата", "First date"),
    "composition.migration.to": ("Вторая дата", "Second date"),
    "composition.migration.bad_dates": (
        "Первая дата должна быть раньше второй.", "The first date must be before the second."),
    "composition.migration.not_in_base": ("Не было в базе", "Not in the base"),
    "composition.migration.flows": ("Потоки", "Flows"),
    "composition.migration.who": ("Кто перешёл", "Who moved"),
    "composition.migration.pick_from": ("Из типа", "From type"),
    "composition.migration.pick_to": ("В тип", "To type"),
    "composition.migration.moved": ("Перешли: {count}", "Moved: {count}"),
    "composition.migration.stayed": ("остались в своём типе", "stayed in their type"),
    "composition.thresholds.title": ("Пороги классификации", "Classification thresholds"),
    "composition.thresholds.help": (
        "Передвиньте пороги — ниже сразу видно, сколько клиентов сменят тип. «Применить» пересчитывает все "
        "страницы с новыми порогами до конца сеанса.",
        "Move the thresholds to see at once how many customers would change type. «Apply» recomputes every "
        "page with the new thresholds for the rest of the session.",
    ),
    "composition.thresholds.inactive_days": ("Неактивность, дней", "Inactivity, days"),
    "composition.thresholds.vip_share": ("Доля VIP, %", "VIP share, %"),
    "composition.thresholds.vip_min_revenue": (
        "Минимум выручки VIP за 365 дней (0 — не задан)", "VIP minimum revenue in 365 days (0 — not set)"),
    "composition.thresholds.hot_days": ("Горячий, дней", "Hot, days"),
    "composition.thresholds.warm_days": ("Тёплый, дней", "Warm, days"),
    "composition.rules": ("Правила: {name}, с порогами в силе", "Rules: {name}, with the thresholds in force"),
    "composition.thresholds.negative_days": ("Негативная реакция, дней", "Negative reaction, days"),
    "composition.thresholds.negative_days.help": (
        "Жалоба, оценка 0–6 или отписка за столько дней до даты анализа делает клиента холодным.",
        "A complaint, a score of 0–6 or an unsubscribe within this many days before the analysis date makes the "
        "customer cold.",
    ),
    "composition.thresholds.hot_min_orders": ("Горячий: заказов за год", "Hot: orders in a year"),
    "composition.thresholds.hot_min_orders.help": (
        "Сколько выполненных заказов за 365 дней (последний — в пределах «Тёплый, дней») означают регулярные "
        "покупки.",
        "How many completed orders in 365 days (the last within «Warm, days») mean buying regularly.",
    ),
    "composition.thresholds.new_days": ("Новый, дней", "New, days"),
    "composition.thresholds.lost_days": ("Потерянный, дней", "Lost, days"),
    "composition.thresholds.abc_a_share": ("Граница A, %", "A boundary, %"),
    "composition.thresholds.abc_b_share": ("Граница B, %", "B boundary, %"),
    "composition.thresholds.discount_buyer_share": ("Доля заказов со скидкой, %", "Discounted orders share, %"),
    "composition.thresholds.activity_window_days": ("Окно активности, дней", "Activity window, days"),
    "composition.thresholds.other": ("Остальные пороги", "Other thresholds"),
    "composition.thresholds.preview": ("Сколько клиентов сменят тип", "How many customers would change type"),
    "composition.thresholds.changed": (
        "Сменят тип: {count} из {total} контактов.", "Would change type: {count} of {total} contacts."),
    "composition.thresholds.now": ("Сейчас", "Now"),
    "composition.thresholds.proposed": ("С новыми порогами", "With the new thresholds"),
    "composition.thresholds.leave": ("Уйдут", "Leave"),
    "composition.thresholds.join": ("Придут", "Join"),
    "composition.thresholds.apply": ("Применить", "Apply"),
    "composition.thresholds.reset": ("Сбросить к значениям по умолчанию", "Reset to the defaults"),
    "composition.thresholds.applied": ("Пороги применены.", "Thresholds applied."),
    "composition.thresholds.bad_order": (
        "Граница B должна быть больше границы A, а «тёплый» — не меньше «горячего».",
        "The B boundary must be above the A boundary, and «warm» at least «hot».",
    ),
    "composition.col.customer_id": ("ID клиента", "Customer ID"),
    "composition.col.name": ("Имя", "Name"),
    "composition.col.email": ("E-mail", "E-mail"),
    "composition.col.phone": ("Телефон", "Phone"),
    "composition.col.city": ("Город", "City"),
    "composition.col.manager": ("Менеджер", "Manager"),
    "composition.col.consent_email": ("Согласие на e-mail", "E-mail consent"),
    "composition.col.consent_sms": ("Согласие на SMS", "SMS consent"),
    "composition.col.base_type": ("Тип базы", "Base type"),
    "composition.col.temperature": ("Температура", "Temperature"),
    "composition.col.lifecycle": ("Стадия", "Stage"),
    "composition.col.rfm_segment": ("RFM-сегмент", "RFM segment"),
    "composition.col.abc_class": ("ABC", "ABC"),
    "composition.col.orders": ("Заказов", "Orders"),
    "composition.col.revenue": ("Выручка", "Revenue"),
    "composition.col.aov": ("Средний чек", "Average check"),
    "composition.col.first_order_date": ("Первый заказ", "First order"),
    "composition.col.last_order_date": ("Последний заказ", "Last order"),
    "composition.col.recency_days": ("Дней с последнего заказа", "Days since the last order"),
    "composition.col.from_type": ("Был", "Was"),
    "composition.col.to_type": ("Стал", "Now"),
    # ---------------------------------------------------------------------------- customer card
    "card.title": ("Карточка клиента", "Customer card"),
    "card.search": ("Поиск: ID, имя, e-mail или телефон", "Search: ID, name, e-mail or phone"),
    "card.search.id_only": ("Поиск по ID клиента", "Search by customer ID"),
    "card.search.help": (
        "Часть значения, без учёта регистра; телефон можно вводить в любом формате (ищется по цифрам). "
        "Без права на персональные данные поиск идёт только по ID.",
        "Part of a value, case-insensitive; a phone may be typed in any format (matched by its digits). "
        "Without the personal-data right only the ID is searched.",
    ),
    "card.found": ("Найдено: {count}", "Found: {count}"),
    "card.found_more": ("Показаны первые {count}; уточните запрос.", "The first {count} are shown; refine the search."),
    "card.none": ("Никого не нашлось.", "Nobody found."),
    "card.pick": ("Клиент", "Customer"),
    "card.not_found": ("Клиента с ID «{customer_id}» нет в базе на эту дату.",
                       "There is no customer «{customer_id}» in the base on this date."),
    "card.contacts": ("Контакты", "Contact details"),
    "card.consent": ("Согласия", "Consent"),
    "card.consent.yes": ("есть", "yes"),
    "card.consent.no": ("нет", "no"),
    "card.profile": ("Профиль", "Profile"),
    "card.classes": ("Классификация", "Classification"),
    "card.rfm_scores": ("R {r} · F {f} · M {m}", "R {r} · F {f} · M {m}"),
    "card.discount_buyer.yes": ("покупает по скидкам", "discount-driven"),
    "card.facts": ("Покупки", "Purchases"),
    "card.first_order": ("Первый заказ", "First order"),
    "card.last_order": ("Последний заказ", "Last order"),
    "card.orders_365": ("Заказов за 365 дней", "Orders in 365 days"),
    "card.revenue_365": ("Выручка за 365 дней", "Revenue in 365 days"),
    "card.orders.title": ("Заказы по месяцам", "Orders by month"),
    "card.orders.help": (
        "Выполненные заказы клиента и их сумма по месяцам; в таблице ниже — все заказы, включая отмены и "
        "возвраты (отмечены).",
        "The customer's completed orders and their sum by month; the table below lists every order, "
        "cancellations and returns included (flagged).",
    ),
    "card.orders.none": ("Заказов нет.", "No orders."),
    "card.interactions.title": ("История взаимодействий", "Interaction history"),
    "card.interactions.none": ("Взаимодействий нет.", "No interactions."),
    "card.interactions.nps": ("Последняя оценка NPS: {score}", "Last NPS score: {score}"),
    "card.predicted": ("Прогноз ценности", "Predicted value"),
    "card.col.order_id": ("Заказ", "Order"),
    "card.col.order_date": ("Дата", "Date"),
    "card.col.amount": ("Сумма", "Amount"),
    "card.col.status": ("Статус", "Status"),
    "card.col.completed": ("Выполнен", "Completed"),
    "card.col.channel": ("Канал", "Channel"),
    "card.col.discount": ("Скидка", "Discount"),
    "card.col.category": ("Категория", "Category"),
    "card.col.date": ("Дата", "Date"),
    "card.col.type": ("Тип", "Type"),
    "card.col.score": ("Оценка", "Score"),
    "card.col.text": ("Текст", "Text"),
    "card.interaction.call": ("Звонок", "Call"),
    "card.interaction.email": ("Письмо", "E-mail"),
    "card.interaction.support": ("Обращение в поддержку", "Support request"),
    "card.interaction.complaint": ("Жалоба", "Complaint"),
    "card.interaction.review": ("Отзыв", "Review"),
    "card.interaction.survey": ("Опрос", "Survey"),
    "card.field.birth_date": ("Дата рождения", "Birth date"),
    "card.field.age": ("Возраст", "Age"),
    "card.field.gender": ("Пол", "Gender"),
    "card.field.region": ("Регион", "Region"),
    "card.field.source": ("Источник", "Source"),
    "card.field.registered_at": ("Регистрация", "Registered"),
    "card.gender.m": ("мужской", "male"),
    "card.gender.f": ("женский", "female"),
    # --------------------------------------------------------------------------- overview KPIs
    "overview.points": ("п. п.", "pp"),
    "overview.million": ("млн", "M"),
    "overview.kpi.active": ("Покупали за {window} дн.", "Bought in the last {window} days"),
    "overview.kpi.active.help": (
        "Различные клиенты с выполненным заказом за {window} дней до конца периода включительно (окно "
        "активности; E в определении удержания). Это не тип базы «Активная» в составе базы: там — клиенты с "
        "двумя и более заказами, последний не более {inactive_days} дней назад, кроме VIP.",
        "Distinct customers with a completed order in the {window} days up to and including the period end "
        "(the activity window; E of the retention definition). Not the base type «Active» of the composition: "
        "that one is customers with two or more orders, the last at most {inactive_days} days ago, VIP excluded.",
    ),
    "overview.kpi.new": ("Новые клиенты", "New customers"),
    "overview.kpi.new.help": (
        "Клиенты, чей самый первый выполненный заказ датирован периодом.",
        "Customers whose first completed order ever is dated in the period.",
    ),
    "overview.kpi.repeat": ("Повторные покупки за период", "Repeat purchases in the period"),
    "overview.kpi.repeat.help": (
        "100 × (покупатели периода с двумя и более выполненными заказами в периоде) / (все покупатели периода). "
        "Накопленная доля клиентов с двумя и более заказами за всё время — на странице «Удержание».",
        "100 × (buyers of the period with two or more completed orders in it) / (all buyers of the period). "
        "The cumulative share of customers with two or more orders ever is on the «Retention» page.",
    ),
    "overview.kpi.retention": ("Удержание (CRR)", "Retention (CRR)"),
    "overview.kpi.retention.help": (
        "100 × |E ∖ N| / S: S — покупатели за {window} дней до начала периода, E — за {window} дней до его "
        "конца, E ∖ N — те из E, кто не стал новым клиентом в периоде.",
        "100 × |E ∖ N| / S: S — buyers in the {window} days before the period start, E — in the {window} "
        "days up to its end, E ∖ N — those of E who are not new customers of the period.",
    ),
    "overview.kpi.ltv": ("LTV по валовой прибыли", "LTV as gross profit"),
    "overview.kpi.ltv.help": (
        "Средний чек × частота покупок за год × срок жизни клиента (1 / отток за год, не более 10 лет), "
        "по 365 дням до конца периода, × валовая маржа (из себестоимости в составе заказов, иначе {margin}). "
        "LTV по выручке — на странице «LTV и CAC».",
        "Average check × purchases per customer per year × customer lifespan (1 / yearly churn, at most 10 "
        "years), over the 365 days up to the period end, × the gross margin (from the order lines' cost, else "
        "{margin}). LTV as revenue is on the «LTV and CAC» page.",
    ),
    "overview.composition.active_note": (
        "«{active}» здесь — тип базы: два и более заказа, последний не более {inactive_days} дней назад, кроме "
        "VIP ({count}). Карточка «{card}» считает всех с заказом за {window} дней ({buyers}), включая VIP и "
        "купивших один раз.",
        "«{active}» here is a base type: two or more orders, the last at most {inactive_days} days ago, VIP "
        "excluded ({count}). The card «{card}» counts everyone with an order in the last {window} days "
        "({buyers}), VIP and one-time buyers included.",
    ),
    "overview.kpi.cac": ("CAC", "CAC"),
    "overview.kpi.cac.help": (
        "Маркетинговые расходы периода / новые клиенты периода.",
        "Marketing spend of the period / new customers of the period.",
    ),
    "overview.kpis.caption": (
        "Изменение — к предыдущему периоду той же длины ({start} — {end}); линия — последние {count} таких "
        "периодов.",
        "Change against the previous period of the same length ({start} — {end}); the line shows the last "
        "{count} such periods.",
    ),
    "overview.composition": ("Состав базы", "Base composition"),
    "overview.observations": ("Что изменилось", "What changed"),
    "overview.observations.none": (
        "Заметных изменений за период нет.", "Nothing moved noticeably in the period."),
    "overview.obs.month": ("за месяц", "this month"),
    "overview.obs.quarter": ("за квартал", "this quarter"),
    "overview.obs.year": ("за год", "this year"),
    "overview.obs.period": ("за период", "in the period"),
    "overview.obs.type_up": (
        "{subject} выросла на {change} {period}: с {before} до {after} клиентов.",
        "{subject} grew {change} {period}: from {before} to {after} customers.",
    ),
    "overview.obs.type_down": (
        "{subject} сократилась на {change} {period}: с {before} до {after} клиентов.",
        "{subject} shrank {change} {period}: from {before} to {after} customers.",
    ),
    "overview.obs.kpi_up": (
        "{name}: рост на {change} к предыдущему периоду ({before} → {after}).",
        "{name}: up {change} on the previous period ({before} → {after}).",
    ),
    "overview.obs.kpi_down": (
        "{name}: снижение на {change} к предыдущему периоду ({before} → {after}).",
        "{name}: down {change} on the previous period ({before} → {after}).",
    ),
    "overview.obs.abc": (
        "{share} покупателей (класс {label}) приносят {revenue} выручки.",
        "{share} of buyers (class {label}) bring {revenue} of revenue.",
    ),
    "overview.obs.subject.vip": ("VIP-база", "the VIP base"),
    "overview.obs.subject.active": ("активная база", "the active base"),
    "overview.obs.subject.working": ("рабочая база", "the working base"),
    "overview.obs.subject.inactive": ("неактивная база", "the inactive base"),
    "overview.obs.subject.potential": ("потенциальная база", "the potential base"),
    "overview.obs.subject.mailing": ("база для рассылки", "the mailing list"),
    # ------------------------------------------------------------------------------ command line
    "cli.composition.bad_share": (
        "Доля VIP должна быть от 0 до 1, например 0.05.", "The VIP share must be between 0 and 1, e.g. 0.05."),
    "cli.composition.bad_days": (
        "Число дней неактивности должно быть положительным.", "The inactivity days must be positive."),
    "cli.composition.empty": (
        "В рабочей области нет данных: загрузите выгрузки или демо-данные (python -m core demo).",
        "The workspace holds no data: upload exports or the demo (python -m core demo).",
    ),
}
