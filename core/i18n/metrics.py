"""Strings of the metrics pages: retention, average check, LTV and CAC, program evaluation and the report."""

STRINGS: dict[str, tuple[str, str]] = {
    # navigation and titles
    "nav.retention": ("Удержание", "Retention"),
    "nav.average_check": ("Средний чек", "Average check"),
    "nav.ltv_cac": ("LTV и CAC", "LTV and CAC"),
    "nav.program": ("Оценка программ", "Program evaluation"),
    "metrics.retention.title": ("Удержание", "Retention"),
    "metrics.check.title": ("Средний чек", "Average check"),
    "metrics.value.title": ("LTV и CAC", "LTV and CAC"),
    "metrics.program.title": ("Оценка программ", "Program evaluation"),
    "metrics.period": (
        "Период: {start} — {end}; окно активности {window} дн.",
        "Period: {start} — {end}; activity window {window} days",
    ),
    "metrics.partial": (
        "Период ещё не закончился (конец {end} позже даты анализа {as_of}): значения неполные.",
        "The period is not over (its end {end} is after the analysis date {as_of}): figures are partial.",
    ),
    "metrics.partial.short": ("неполный", "partial"),
    "metrics.window": ("Окно активности, дней", "Activity window, days"),
    "metrics.window.help": (
        "W в определениях удержания: клиент «активен» на дату, если у него есть выполненный заказ за W дней до неё.",
        "W in the retention definitions: a customer is active at a date with a completed order in the W days up to it.",
    ),
    "metrics.compare": ("Сравнить с", "Compare with"),
    "metrics.compare.previous": ("предыдущим периодом", "the previous period"),
    "metrics.compare.year_ago": ("тем же периодом год назад", "the same period a year earlier"),
    "metrics.compare.help": (
        "Предыдущий период — столько же дней непосредственно перед началом; год назад — те же даты годом раньше. "
        "Под значением — изменение в процентах (для процентных показателей — в процентных пунктах).",
        "The previous period has the same number of days right before the start; a year earlier is the same dates "
        "one year back. Under each figure: the change in percent (in points for percentages).",
    ),
    "metrics.definitions": ("Определения показателей", "Definitions of the figures"),
    "metrics.definitions.intro": (
        "Всё считается только по выполненным заказам (без отмен и возвратов); даты — календарные дни; "
        "период [начало, конец] включает обе границы; W — окно активности.",
        "Everything counts completed orders only (no cancellations or returns); dates are calendar days; a period "
        "[start, end] includes both ends; W is the activity window.",
    ),
    "metrics.no_customer_model": (
        "Разбивка по типу базы появится, когда в данных будет построена модель клиентов (таблица customer_model).",
        "The breakdown by base type appears once the customer model (table customer_model) is built in the data.",
    ),
    "metrics.no_spend": (
        "Нет данных о маркетинговых расходах за период — CAC не определён. Загрузите расходы по каналам.",
        "No marketing spend data for the period, so CAC is undefined. Upload spend by channel.",
    ),
    "metrics.no_scores": (
        "Во взаимодействиях нет оценок 0–10 за этот период — NPS не считается.",
        "Interactions carry no 0–10 scores in this period, so NPS is not computed.",
    ),
    "metrics.none": ("(не указано)", "(not set)"),
    # KPI labels and definitions (the keys of `python -m core metrics --json`)
    "metrics.kpi.orders": ("Заказы", "Orders"),
    "metrics.kpi.orders.help": ("Число выполненных заказов с датой в периоде.", "Completed orders dated in the period."),
    "metrics.kpi.revenue": ("Выручка", "Revenue"),
    "metrics.kpi.revenue.help": ("Сумма выполненных заказов с датой в периоде.", "Sum of completed orders dated in the period."),
    "metrics.kpi.buyers": ("Покупатели", "Buyers"),
    "metrics.kpi.buyers.help": (
        "Различные клиенты с выполненным заказом в периоде.", "Distinct customers with a completed order in the period."),
    "metrics.kpi.aov": ("Средний чек", "Average check"),
    "metrics.kpi.aov.help": ("Выручка / число заказов за период.", "Revenue / orders of the period."),
    "metrics.kpi.new_customers": ("Новые клиенты (N)", "New customers (N)"),
    "metrics.kpi.new_customers.help": (
        "Клиенты, чей первый выполненный заказ за всё время датирован периодом.",
        "Customers whose first completed order ever is dated in the period.",
    ),
    "metrics.kpi.repeat_rate": ("Повторные покупки за период", "Repeat purchase rate in the period"),
    "metrics.kpi.repeat_rate.help": (
        "100 × покупатели периода с двумя и более выполненными заказами, датированными периодом / все "
        "покупатели периода. Заказы до начала периода не считаются.",
        "100 × buyers of the period with two or more completed orders dated in it / all buyers of the period. "
        "Orders before the period's start do not count.",
    ),
    "metrics.kpi.repeat_buyers": ("Покупали повторно в периоде", "Bought again in the period"),
    "metrics.kpi.repeat_buyers.help": (
        "Покупатели периода с двумя и более выполненными заказами, датированными периодом.",
        "Buyers of the period with two or more completed orders dated in it.",
    ),
    "metrics.kpi.repeat_rate_cumulative": (
        "Повторные покупатели за всё время", "Repeat customers since the first order"),
    "metrics.kpi.repeat_rate_cumulative.help": (
        "100 × клиенты с двумя и более выполненными заказами за всё время до конца периода / клиенты хотя бы с "
        "одним. Накопленная с первой покупки доля: от периода к периоду почти не меняется.",
        "100 × customers with two or more completed orders ever, up to the period's end / customers with at "
        "least one. Cumulative since the first purchase, so it barely moves from one period to the next.",
    ),
    "metrics.kpi.crr": ("Удержание (CRR)", "Retention rate (CRR)"),
    "metrics.kpi.crr.help": (
        "100 × |E ∖ N| / S: клиенты из E, не входящие в N, делённые на S (не |E| − |N|: новый клиент, не "
        "покупавший в последние W дней, есть в N, но не в E). S — клиенты с заказом в [начало − W, начало − 1]; "
        "E — с заказом в [конец − W + 1, конец]; N — новые клиенты периода. Вернувшиеся «спящие» клиенты тоже "
        "считаются удержанными.",
        "100 × |E ∖ N| / S: customers in E who are not in N, divided by S (not |E| − |N|: a new customer who "
        "did not buy in the last W days is in N but not in E). S: customers with an order in [start − W, "
        "start − 1]; E: with an order in [end − W + 1, end]; N: new customers of the period. Returning lapsed "
        "customers count as retained.",
    ),
    "metrics.kpi.crr_s": ("S — активные на начало", "S — active at the start"),
    "metrics.kpi.crr_s.help": (
        "Клиенты с выполненным заказом в [начало − W, начало − 1].",
        "Customers with a completed order in [start − W, start − 1].",
    ),
    "metrics.kpi.crr_e": ("E — активные на конец", "E — active at the end"),
    "metrics.kpi.crr_e.help": (
        "Клиенты с выполненным заказом в [конец − W + 1, конец].",
        "Customers with a completed order in [end − W + 1, end].",
    ),
    "metrics.kpi.crr_n": ("N — новые", "N — new"),
    "metrics.kpi.crr_n.help": (
        "Новые клиенты периода (первый выполненный заказ в периоде).",
        "New customers of the period (first completed order in the period).",
    ),
    "metrics.kpi.crr_retained": ("Удержанные (E ∖ N)", "Retained (E ∖ N)"),
    "metrics.kpi.crr_retained.help": ("Клиенты из E, не входящие в N.", "Customers in E who are not in N."),
    "metrics.kpi.retention_strict": ("Строгое удержание", "Strict retention"),
    "metrics.kpi.retention_strict.help": (
        "100 × |S ∩ E| / S: доля активных на начало, оставшихся активными на конец.",
        "100 × |S ∩ E| / S: the share of customers active at the start who are still active at the end.",
    ),
    "metrics.kpi.marketing_spend": ("Маркетинговые расходы", "Marketing spend"),
    "metrics.kpi.marketing_spend.help": (
        "Сумма расходов с датой в периоде; пусто, если данных о расходах за период нет.",
        "Spend dated in the period; empty when there is no spend data for the period.",
    ),
    "metrics.kpi.cac": ("CAC", "CAC"),
    "metrics.kpi.cac.help": (
        "Стоимость привлечения: расходы периода / N. По каналу: расходы канала / новые клиенты, привлечённые им "
        "(источник клиента, иначе канал первого заказа). Пусто без данных о расходах или при N = 0.",
        "Acquisition cost: spend of the period / N. By channel: the channel's spend / new customers acquired "
        "through it (the customer's source, else the first order's channel). Empty without spend data or when N = 0.",
    ),
    "metrics.kpi.ltv": ("LTV по выручке", "LTV as revenue"),
    "metrics.kpi.ltv.help": (
        "Средний чек × частота покупок × срок жизни клиента, по 365 дням, заканчивающимся концом периода: "
        "выручка, которую приносит клиент.",
        "Average check × purchase frequency × customer lifespan, over the 365 days ending at the period's end: "
        "the revenue a customer brings.",
    ),
    "metrics.kpi.ltv_gross_profit": ("LTV по валовой прибыли", "LTV as gross profit"),
    "metrics.kpi.ltv_gross_profit.help": (
        "LTV по выручке × доля валовой прибыли тех же 365 дней: прибыль, которую приносит клиент за вычетом "
        "себестоимости товаров.",
        "LTV as revenue × the gross margin share of the same 365 days: the profit a customer brings after the "
        "cost of goods.",
    ),
    "metrics.kpi.ltv_margin": ("Валовая маржа для LTV", "Gross margin for LTV"),
    "metrics.kpi.ltv_margin.help": (
        "Где в составе заказов есть себестоимость, маржа каждой категории — (сумма − себестоимость) / сумма её "
        "строк с себестоимостью, и она применяется ко всей выручке категории; категории без себестоимости и "
        "выручка, не покрытая строками, — по настройке «Валовая маржа» ({margin}). Без состава заказов — "
        "настройка.",
        "Where order lines carry a cost, each category's margin is (sum − cost) / sum of its costed lines, "
        "applied to all its revenue; categories without a cost and revenue the lines do not cover take the "
        "«Gross margin» setting ({margin}). Without order lines: the setting.",
    ),
    "metrics.kpi.ltv_aov": ("Средний чек за год", "Average check of the year"),
    "metrics.kpi.ltv_aov.help": (
        "Выручка / заказы выполненных заказов в [конец − 364, конец].",
        "Revenue / orders of completed orders dated in [end − 364, end].",
    ),
    "metrics.kpi.ltv_frequency": ("Частота покупок в год", "Purchases per year"),
    "metrics.kpi.ltv_frequency.help": (
        "Заказы в [конец − 364, конец] / различные клиенты этих заказов.",
        "Orders in [end − 364, end] / their distinct customers.",
    ),
    "metrics.kpi.ltv_lifespan_years": ("Срок жизни, лет", "Lifespan, years"),
    "metrics.kpi.ltv_lifespan_years.help": (
        "1 / отток, не больше 10 (10 при нулевом оттоке или пустом B1). Отток = 1 − |B1 ∩ B2| / |B1|; B1 — клиенты "
        "с заказом в [конец − 729, конец − 365], B2 — в [конец − 364, конец].",
        "1 / churn, at most 10 (10 when churn is 0 or B1 is empty). Churn = 1 − |B1 ∩ B2| / |B1|; B1: customers "
        "with an order in [end − 729, end − 365], B2: in [end − 364, end].",
    ),
    # retention page
    "metrics.tab.cohorts": ("Когорты", "Cohorts"),
    "metrics.tab.channels": ("По каналам", "By channel"),
    "metrics.tab.value_cohorts": ("По когортам", "By cohort"),
    "metrics.tab.cac_months": ("CAC по месяцам", "CAC by month"),
    "metrics.tab.nps": ("NPS", "NPS"),
    "metrics.tab.curves": ("Кривые удержания", "Retention curves"),
    "metrics.tab.monthly": ("По месяцам", "By month"),
    "metrics.tab.second": ("Вторая покупка", "Second purchase"),
    "metrics.cohorts": ("Когортное удержание", "Cohort retention"),
    "metrics.cohorts.help": (
        "Когорта — месяц первого выполненного заказа клиента. Ячейка (когорта, k) — доля когорты с выполненным "
        "заказом в k-м месяце после месяца когорты; k = 0 — 100 %. Последний столбец текущего месяца неполный.",
        "A customer's cohort is the month of their first completed order. Cell (cohort, k) is the share of the "
        "cohort with a completed order in the k-th month after it; k = 0 is 100%. The current month is partial.",
    ),
    "metrics.cohorts.show": ("Показать", "Show"),
    "metrics.cohorts.share": ("доли, %", "shares, %"),
    "metrics.cohorts.count": ("число клиентов", "customer counts"),
    "metrics.cohorts.k": ("Месяцев после первой покупки", "Months after the first purchase"),
    "metrics.cohorts.cohort": ("Когорта", "Cohort"),
    "metrics.curves": ("Кривые удержания по когортам", "Retention curves by cohort"),
    "metrics.curves.help": (
        "Те же доли, что в тепловой карте, линией для каждой когорты (последние 12 когорт).",
        "The shares of the heatmap as one line per cohort (the last 12 cohorts).",
    ),
    "metrics.crr_monthly": ("CRR и строгое удержание по месяцам", "CRR and strict retention by month"),
    "metrics.crr_monthly.help": (
        "Для каждого календарного месяца как периода: CRR = 100 × (E − N) / S и строгое удержание "
        "= 100 × |S ∩ E| / S; в подсказке S, E и N. Текущий месяц неполный.",
        "For each calendar month as the period: CRR = 100 × (E − N) / S and strict retention = 100 × |S ∩ E| / S; "
        "S, E and N in the hover. The current month is partial.",
    ),
    "metrics.repeat_monthly": ("Повторные покупки по месяцам", "Repeat purchases by month"),
    "metrics.repeat_monthly.help": (
        "Для каждого месяца: доля его покупателей с двумя и более заказами в этом месяце, и рядом — накопленная "
        "доля клиентов с двумя и более заказами за всё время на конец месяца.",
        "For each month: the share of its buyers with two or more orders in that month, and beside it the "
        "cumulative share of customers with two or more orders ever at the month's end.",
    ),
    "metrics.second": ("Дней от первой до второй покупки", "Days from the first to the second purchase"),
    "metrics.second.help": (
        "Для клиентов со вторым выполненным заказом не позже даты анализа: дни между датами первого и второго "
        "заказа (0 — в один день); последний столбец — {cap} дней и больше.",
        "For customers whose second completed order is on or before the analysis date: days between the first "
        "and second order dates (0: the same day); the last bar is {cap} days or more.",
    ),
    "metrics.second.median": (
        "Медиана: {median} дн.; клиентов со второй покупкой: {customers}.",
        "Median: {median} days; customers with a second purchase: {customers}.",
    ),
    "metrics.days": ("Дней", "Days"),
    "metrics.share": ("Доля, %", "Share, %"),
    # average check page
    "metrics.grain": ("Шаг", "Step"),
    "metrics.grain.month": ("месяц", "month"),
    "metrics.grain.week": ("неделя", "week"),
    "metrics.grain.quarter": ("квартал", "quarter"),
    "metrics.aov_series": ("Средний чек по времени", "Average check over time"),
    "metrics.aov_series.help": (
        "Выручка / заказы выполненных заказов каждого месяца или недели (с понедельника). Последний период "
        "неполный, если не закончился к дате анализа (отмечен пунктиром).",
        "Revenue / orders of completed orders in each month or week (Monday first). The last period is partial "
        "when not over by the analysis date (dashed).",
    ),
    "metrics.by": ("Разрез", "Breakdown"),
    "metrics.dim.channel": ("канал заказа", "order channel"),
    "metrics.dim.city": ("город", "city"),
    "metrics.dim.acquisition_channel": ("канал привлечения", "acquisition channel"),
    "metrics.dim.category": ("категория", "category"),
    "metrics.dim.base_type": ("тип базы", "base type"),
    "metrics.dim.segment": ("сегмент (готовые и сохранённые)", "segment (ready-made and saved)"),
    "metrics.aov_by": ("Средний чек по разрезу", "Average check by breakdown"),
    "metrics.aov_by.help": (
        "Выручка / заказы в периоде для каждого значения разреза, рядом — предыдущий период и тот же период год "
        "назад. Канал привлечения — источник клиента, иначе канал первого заказа; тип базы — на дату анализа.",
        "Revenue / orders in the period for each value, beside the previous period and the same period a year "
        "earlier. Acquisition channel: the customer's source, else the first order's channel; base type: as of "
        "the analysis date.",
    ),
    "metrics.value": ("Значение", "Value"),
    "metrics.col.current": ("Период", "Period"),
    "metrics.col.previous": ("Пред. период", "Previous period"),
    "metrics.col.year_ago": ("Год назад", "Year earlier"),
    "metrics.distribution": ("Распределение сумм заказов", "Distribution of order values"),
    "metrics.distribution.help": (
        "Выполненные заказы периода по сумме: равные интервалы до 99-го процентиля, последний столбец — "
        "заказы дороже.",
        "Completed orders of the period by value: equal bins up to the 99th percentile; the last bar holds the "
        "orders above it.",
    ),
    "metrics.amount": ("Сумма заказа", "Order value"),
    "metrics.per_customer": ("Заказов на покупателя", "Orders per buyer"),
    "metrics.per_customer.help": (
        "Покупатели периода по числу их выполненных заказов в периоде; последний столбец — {cap} и больше.",
        "Buyers of the period by their number of completed orders in it; the last bar is {cap} or more.",
    ),
    # LTV and CAC page
    "metrics.lifespan_override": ("Свой срок жизни, лет", "Own lifespan, years"),
    "metrics.lifespan_override.help": (
        "Если задан, LTV считается с этим сроком жизни вместо рассчитанного по оттоку (0 — рассчитанный).",
        "When set, LTV uses this lifespan instead of the one computed from churn (0: the computed one).",
    ),
    "metrics.ltv_channel": ("LTV по каналам привлечения", "LTV by acquisition channel"),
    "metrics.ltv_channel.help": (
        "Та же формула LTV, посчитанная по клиентам каждого канала привлечения (источник клиента, иначе канал "
        "первого заказа).",
        "The same LTV formula over the customers of each acquisition channel (the customer's source, else the "
        "first order's channel).",
    ),
    "metrics.ltv_cohort": ("Накопленная выручка на клиента по когортам", "Cumulative revenue per customer by cohort"),
    "metrics.ltv_cohort.help": (
        "Фактическая выручка на привлечённого клиента за k месяцев после месяца первой покупки (включительно), "
        "по когортам; только завершённые месяцы.",
        "Actual revenue per acquired customer within k months after the first purchase month (inclusive), by "
        "cohort; finished months only.",
    ),
    "metrics.cac_channel": ("CAC по каналам за период", "CAC by channel in the period"),
    "metrics.cac_month": ("CAC по месяцам и каналам", "CAC by month and channel"),
    "metrics.cac_month.help": (
        "Для каждого месяца: расходы канала / новые клиенты, привлечённые им в этом месяце.",
        "For each month: the channel's spend / new customers it acquired that month.",
    ),
    "metrics.ltv_cac": ("LTV / CAC по каналам", "LTV / CAC by channel"),
    "metrics.ltv_cac.help": (
        "LTV канала по валовой прибыли / CAC канала за период. Линия — ориентир 3 : 1 (прибыль с клиента втрое "
        "выше стоимости его привлечения).",
        "The channel's LTV as gross profit / its CAC in the period. The line is the 3:1 guide (the profit a "
        "customer brings three times the cost of acquiring them).",
    ),
    "metrics.guide": ("ориентир 3 : 1", "3:1 guide"),
    "metrics.payback": ("Срок окупаемости", "Payback period"),
    "metrics.payback.help": (
        "Первый месяц k после месяца первой покупки, в котором накопленная валовая прибыль на привлечённого "
        "клиента канала (накопленная выручка × валовая маржа для LTV) достигает CAC канала за период. "
        "«В месяц первой покупки» — окупился меньше чем за месяц; «не окупился» — не достиг CAC за всю историю.",
        "The first month k after the first purchase month in which cumulative gross profit per acquired customer "
        "of the channel (cumulative revenue × the gross margin for LTV) reaches the channel's CAC in the "
        "period. «In the first purchase month»: paid back in under a month; «not paid back»: CAC not reached in "
        "the whole history.",
    ),
    "metrics.payback.first_month": ("в месяц первой покупки (меньше месяца)",
                                    "in the first purchase month (under a month)"),
    "metrics.payback.months": ("через {months} мес. после месяца первой покупки",
                               "{months} months after the first purchase month"),
    "metrics.payback.never": ("не окупился", "not paid back"),
    "metrics.margin": ("Валовая маржа, %", "Gross margin, %"),
    "metrics.margin.help": (
        "Доля выручки, остающаяся после себестоимости товаров: из неё считаются LTV по валовой прибыли, "
        "LTV / CAC и срок окупаемости. По умолчанию {margin}.",
        "The share of revenue left after the cost of goods: LTV as gross profit, LTV / CAC and payback are "
        "computed with it. Default {margin}.",
    ),
    "metrics.crr_long_period": (
        "Период ({days} дн.) длиннее окна активности ({window} дн.). CRR = 100 × |E ∖ N| / S сравнивает "
        "покупателей последних {window} дней периода с покупателями {window} дней до его начала: в E ∖ N входят "
        "и клиенты, вернувшиеся после перерыва (их не было в S), а клиенты из S, покупавшие только в середине "
        "периода, не входят. Поэтому CRR может сильно отличаться и от строгого удержания, и от (|E| − |N|) / S "
        "= {naive}. Чтобы удержание описывало весь период, задайте окно не короче периода.",
        "The period ({days} days) is longer than the activity window ({window} days). CRR = 100 × |E ∖ N| / S "
        "compares the buyers of the period's last {window} days with those of the {window} days before its "
        "start: E ∖ N includes customers who came back after a break (they were not in S), and customers of S "
        "who bought only in the middle of the period are not in it. So CRR may differ much from strict retention "
        "and from (|E| − |N|) / S = {naive}. For retention over the whole period, set a window at least as long "
        "as the period.",
    ),
    "metrics.channel": ("Канал", "Channel"),
    "metrics.customers": ("Клиенты", "Customers"),
    "metrics.payback_months": ("Окупаемость, мес.", "Payback, months"),
    "metrics.ltv_cac_ratio": ("LTV / CAC", "LTV / CAC"),
    "metrics.nps": ("NPS", "NPS"),
    "metrics.nps.help": (
        "Доля оценок 9–10 минус доля оценок 0–6 (в пунктах, от −100 до 100) среди ответов со шкалой 0–10; "
        "рядом — число ответов.",
        "Share of 9–10 answers minus share of 0–6 answers (points, −100 to 100) among 0–10 scores; with the "
        "number of answers.",
    ),
    "metrics.nps_month": ("NPS по месяцам", "NPS by month"),
    "metrics.nps_segment": ("NPS по сегментам за период", "NPS by segment in the period"),
    "metrics.answers": ("Ответов", "Answers"),
    "metrics.segment": ("Сегмент", "Segment"),
    # program evaluation and the report
    "metrics.event": ("Дата события (запуск программы)", "Event date (program launch)"),
    "metrics.event.help": (
        "До — W дней перед датой [дата − W, дата − 1]; после — W дней с даты [дата, дата + W − 1].",
        "Before: the W days before the date [date − W, date − 1]; after: W days from it [date, date + W − 1].",
    ),
    "metrics.event_window": ("Окно сравнения, дней", "Comparison window, days"),
    "metrics.evaluation": ("Показатели до и после", "Figures before and after"),
    "metrics.evaluation.help": (
        "Каждый показатель считается по своему определению отдельно для периода до и после; изменение — "
        "после минус до и в процентах от «до».",
        "Each figure by its definition for the period before and the period after; the change is after minus "
        "before, and in percent of before.",
    ),
    "metrics.metric": ("Показатель", "Figure"),
    "metrics.before": ("До", "Before"),
    "metrics.after": ("После", "After"),
    "metrics.change": ("Изменение", "Change"),
    "metrics.change_pct": ("Изменение, %", "Change, %"),
    "metrics.cac_warning": (
        "CAC вырос вместе с результатом: рост мог быть куплен более дорогим привлечением — сравните прирост "
        "выручки с ростом расходов.",
        "CAC rose along with the result: the gain may have been bought with costlier acquisition; compare the "
        "revenue gain with the extra spend.",
    ),
    "metrics.after_partial": (
        "Период «после» заканчивается {end}, позже даты анализа: он неполный.",
        "The period after ends on {end}, after the analysis date: it is partial.",
    ),
    "metrics.report": ("Периодический отчёт", "Periodic report"),
    "metrics.report.help": (
        "Все показатели за каждый месяц или квартал последних двух лет; последний период неполный, если не "
        "закончился. CSV открывается в русском Excel (UTF-8 с BOM, разделитель «;»).",
        "Every figure for each month or quarter of the last two years; the last one is partial when not over. "
        "The CSV opens in Russian Excel (UTF-8 with BOM, «;» separated).",
    ),
    "metrics.report.period_start": ("Начало", "Start"),
    "metrics.report.period_end": ("Конец", "End"),
    "metrics.report.partial": ("Неполный", "Partial"),
    "metrics.report.yes": ("да", "yes"),
    "metrics.report.no": ("нет", "no"),
    "metrics.report.sheet": ("Показатели", "Metrics"),
    "metrics.download_xlsx": ("Скачать XLSX", "Download XLSX"),
    "metrics.error.window": ("Окно должно быть не меньше 1 дня.", "The window must be at least 1 day."),
    "cli.metrics.error.dates": (
        "Начало периода позже конца: {start} > {end}.", "The period start is after its end: {start} > {end}.",
    ),
}
