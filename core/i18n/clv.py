"""Strings of the predictive LTV area (BG/NBD, Gamma-Gamma): key -> (ru, en)."""

STRINGS: dict[str, tuple[str, str]] = {
    "clv.problem.missing_columns": (
        "В сводке по клиентам нет столбцов: {columns}.",
        "The customer summary lacks the columns: {columns}.",
    ),
    "clv.problem.invalid_input": (
        "Сводка по клиентам некорректна ({reason}): модель не построена, показаны исторические показатели.",
        "The customer summary is invalid ({reason}): the model is not fitted; historical figures are shown.",
    ),
    "clv.problem.too_few_customers": (
        "Слишком мало клиентов для модели: {n} при минимуме {min}. Показаны исторические показатели.",
        "Too few customers for the model: {n}, the minimum is {min}. Historical figures are shown.",
    ),
    "clv.problem.no_repeat": (
        "Все клиенты купили только один раз: по таким данным нельзя оценить повторные покупки. "
        "Показаны исторические показатели.",
        "Every customer bought only once: repeat purchases cannot be estimated from such data. "
        "Historical figures are shown.",
    ),
    "clv.problem.too_few_repeat": (
        "Слишком мало клиентов с повторными покупками: {n} при минимуме {min}. Показаны исторические показатели.",
        "Too few customers with repeat purchases: {n}, the minimum is {min}. Historical figures are shown.",
    ),
    "clv.problem.fit_error": (
        "Модель BG/NBD не удалось оценить ({error}). Показаны исторические показатели.",
        "The BG/NBD model could not be fitted ({error}). Historical figures are shown.",
    ),
    "clv.problem.not_converged": (
        "Оценка модели BG/NBD не сошлась ({message}). Показаны исторические показатели.",
        "The BG/NBD fit did not converge ({message}). Historical figures are shown.",
    ),
    "clv.problem.numeric": (
        "Прогноз дал нечисловые значения: модель не показана, показаны исторические показатели.",
        "The prediction produced non-numeric values: the model is not shown; historical figures are shown.",
    ),
    "clv.problem.at_bound": (
        "Часть параметров BG/NBD упёрлась в границу поиска: данные слабо определяют отток, прогноз приблизителен.",
        "Some BG/NBD parameters reached the search bound: the data barely identify dropout; "
        "the forecast is approximate.",
    ),
    "clv.problem.gg_too_few": (
        "Для модели среднего чека (Gamma-Gamma) мало клиентов с повторными покупками и положительной суммой: "
        "{n} при минимуме {min}. Средний чек взят из истории.",
        "Too few customers with repeat purchases and a positive spend for the spend model (Gamma-Gamma): "
        "{n}, the minimum is {min}. The average spend is taken from history.",
    ),
    "clv.problem.gg_error": (
        "Модель среднего чека не удалось оценить ({error}). Средний чек взят из истории.",
        "The spend model could not be fitted ({error}). The average spend is taken from history.",
    ),
    "clv.problem.gg_not_converged": (
        "Оценка модели среднего чека не сошлась ({message}). Средний чек взят из истории.",
        "The spend model fit did not converge ({message}). The average spend is taken from history.",
    ),
    "clv.problem.gg_no_mean": (
        "Параметр q модели среднего чека ≤ 1 (q = {q:.3g}): средний чек новых клиентов взят из истории.",
        "The spend model's q ≤ 1 (q = {q:.3g}): new customers' average spend is taken from history.",
    ),
    "clv.problem.short_holdout": (
        "Слишком короткий контрольный период: {days} дн. при минимуме {min}. Выберите более раннюю дату разбиения.",
        "The holdout period is too short: {days} days, the minimum is {min}. Choose an earlier split date.",
    ),
    "clv.cli.customers": (
        "Клиентов: {n}, с повторными покупками: {repeat}",
        "Customers: {n}, with repeat purchases: {repeat}",
    ),
    "clv.cli.bgnbd": (
        "BG/NBD ({unit}): r={r:.4g} alpha={alpha:.4g} a={a:.4g} b={b:.4g}, логарифм правдоподобия {log_likelihood:.1f}",
        "BG/NBD ({unit}): r={r:.4g} alpha={alpha:.4g} a={a:.4g} b={b:.4g}, log-likelihood {log_likelihood:.1f}",
    ),
    "clv.cli.gamma_gamma": (
        "Gamma-Gamma: p={p:.4g} q={q:.4g} v={v:.4g} (клиентов: {customers})",
        "Gamma-Gamma: p={p:.4g} q={q:.4g} v={v:.4g} ({customers} customers)",
    ),
    "nav.clv": ("Прогноз LTV", "Predicted LTV"),
    "clv.title": ("Прогноз LTV", "Predicted LTV"),
    "clv.caption": (
        "Вероятностные модели BG/NBD (повторные покупки и отток) и Gamma-Gamma (средний чек), оценённые по "
        "выполненным заказам до {as_of}. Заказы клиента в один день — одна покупка.",
        "Probabilistic models BG/NBD (repeat purchases and dropout) and Gamma-Gamma (average spend) fitted on "
        "completed orders up to {as_of}. A customer's orders on one day are one transaction.",
    ),
    "clv.settings": ("Настройки модели", "Model settings"),
    "clv.settings.unit": ("Единица времени", "Time unit"),
    "clv.settings.unit.help": (
        "В чём измеряются давность и возраст клиента при оценке модели (неделя = 7 дней).",
        "The unit of recency and customer age in the fit (a week is 7 days).",
    ),
    "clv.unit.week": ("недели", "weeks"),
    "clv.unit.day": ("дни", "days"),
    "clv.settings.horizon": ("Горизонт, месяцев", "Horizon, months"),
    "clv.settings.horizon.help": (
        "На сколько месяцев вперёд прогнозируются покупки и LTV.",
        "How many months ahead purchases and LTV are predicted.",
    ),
    "clv.settings.discount": ("Ставка дисконтирования, % в месяц", "Discount rate, % a month"),
    "clv.settings.discount.help": (
        "Доход месяца i делится на (1 + ставка)^i.",
        "The income of month i is divided by (1 + rate)^i.",
    ),
    "clv.settings.p_alive": ("«В зоне риска»: P(активен) ниже", "«At risk»: P(alive) below"),
    "clv.settings.p_alive.help": (
        "Клиент в зоне риска, если вероятность, что он ещё активен, ниже этого порога…",
        "A customer is at risk when the probability they are still active is below this threshold…",
    ),
    "clv.settings.value_quantile": ("…и ценность не ниже квантиля", "…and value at or above the quantile"),
    "clv.settings.value_quantile.help": (
        "…а сумма его покупок не ниже этого квантиля по всем клиентам (0,8 — верхние 20 %).",
        "…and their purchases total at least this quantile over all customers (0.8: the top 20 %).",
    ),
    "clv.settings.saved_note": (
        "Таблица clv_scores для сегментов считается при загрузке данных с настройками по умолчанию "
        "(недели, 12 месяцев, 1 % в месяц, P(активен) < 0,5, квантиль 0,8).",
        "The clv_scores table used by segments is computed at data upload with the default settings "
        "(weeks, 12 months, 1 % a month, P(alive) < 0.5, quantile 0.8).",
    ),
    "clv.kpi.customers": ("Клиентов в модели", "Customers in the model"),
    "clv.kpi.customers.help": (
        "Клиенты с выполненным заказом до даты анализа.",
        "Customers with a completed order up to the analysis date.",
    ),
    "clv.kpi.repeat": ("С повторными покупками", "With repeat purchases"),
    "clv.kpi.repeat.help": (
        "Клиенты, купившие больше чем в один день. Только они задают модель среднего чека.",
        "Customers who bought on more than one day. Only they inform the spend model.",
    ),
    "clv.kpi.total": ("Прогноз LTV всех клиентов", "Predicted LTV of all customers"),
    "clv.kpi.total.help": (
        "Сумма по клиентам: ожидаемый средний чек × ожидаемые покупки по месяцам горизонта, "
        "дисконтированные по месячной ставке.",
        "Sum over customers: expected average spend × expected purchases in each month of the horizon, "
        "discounted at the monthly rate.",
    ),
    "clv.kpi.at_risk": ("В зоне риска", "At risk"),
    "clv.kpi.at_risk.help": (
        "Ценные клиенты (сумма покупок не ниже квантиля) с низкой вероятностью быть активными.",
        "Valuable customers (purchases total at or above the quantile) with a low probability of being active.",
    ),
    "clv.tab.forecast": ("Прогноз", "Forecast"),
    "clv.tab.model": ("Модель и её проверка", "The model and its validation"),
    "clv.tab.lists": ("Списки клиентов", "Customer lists"),
    "clv.params": ("Параметры моделей", "Model parameters"),
    "clv.params.help": (
        "Оценки максимального правдоподобия. BG/NBD: частота покупок ~ Gamma(r, alpha), вероятность ухода "
        "после покупки ~ Beta(a, b). Gamma-Gamma: чек ~ Gamma(p, ν), ν ~ Gamma(q, v).",
        "Maximum-likelihood estimates. BG/NBD: purchase rate ~ Gamma(r, alpha), dropout probability after a "
        "purchase ~ Beta(a, b). Gamma-Gamma: spend ~ Gamma(p, ν), ν ~ Gamma(q, v).",
    ),
    "clv.params.model": ("Модель", "Model"),
    "clv.params.name": ("Параметр", "Parameter"),
    "clv.params.value": ("Значение", "Value"),
    "clv.params.meaning": ("Смысл", "Meaning"),
    "clv.param.r": ("форма распределения частоты покупок", "shape of the purchase-rate distribution"),
    "clv.param.alpha": (
        "масштаб частоты покупок (в единицах времени)",
        "scale of the purchase rate (time units)",
    ),
    "clv.param.a": (
        "форма a распределения вероятности ухода",
        "shape a of the dropout-probability distribution",
    ),
    "clv.param.b": (
        "форма b распределения вероятности ухода",
        "shape b of the dropout-probability distribution",
    ),
    "clv.param.ll": ("логарифм правдоподобия", "log-likelihood"),
    "clv.param.p": ("форма распределения суммы покупки", "shape of the transaction value distribution"),
    "clv.param.q": ("форма разброса между клиентами", "shape of the spread across customers"),
    "clv.param.v": ("масштаб разброса между клиентами", "scale of the spread across customers"),
    "clv.param.customers": ("клиентов в оценке", "customers in the fit"),
    "clv.validation": ("Проверка на отложенном периоде", "Holdout validation"),
    "clv.validation.help": (
        "Модель оценивается по заказам до даты разбиения, а затем её прогноз повторных покупок сравнивается "
        "с фактическими покупками после этой даты до даты анализа.",
        "The model is fitted on orders up to the split date; its forecast of repeat purchases is then compared "
        "with the actual purchases after that date up to the analysis date.",
    ),
    "clv.validation.split": ("Дата разбиения", "Split date"),
    "clv.validation.split.help": (
        "Последний день калибровочного периода. По умолчанию последняя треть истории — контрольный период.",
        "The last day of the calibration period. By default the last third of the history is the holdout.",
    ),
    "clv.validation.weekly": (
        "Накопленные повторные покупки по неделям",
        "Cumulative repeat purchases by week",
    ),
    "clv.validation.weekly.help": (
        "Клиенты, впервые купившие до даты разбиения: факт и прогноз модели (сумма по когортам первой покупки "
        "ожидаемого числа повторных покупок), до и после даты разбиения.",
        "Customers first seen before the split date: actual and predicted (sum over first-purchase cohorts of "
        "the expected repeat purchases), before and after the split date.",
    ),
    "clv.validation.by_count": (
        "Покупки в контрольном периоде по числу повторных покупок до разбиения",
        "Holdout purchases by repeat purchases before the split",
    ),
    "clv.validation.by_count.help": (
        "Среднее на клиента: факт и условное ожидание модели при известной истории клиента.",
        "Mean per customer: actual and the model's conditional expectation given the customer's history.",
    ),
    "clv.err.total": ("Ошибка суммы покупок", "Error of total purchases"),
    "clv.err.total.help": (
        "(прогноз − факт) / факт повторных покупок в контрольном периоде, по всем клиентам.",
        "(predicted − actual) / actual repeat purchases in the holdout, over all customers.",
    ),
    "clv.err.mae": ("Средняя абсолютная ошибка по группам", "Mean absolute error by group"),
    "clv.err.mae.help": (
        "Среднее |прогноз − факт| средних на клиента по группам числа покупок до разбиения.",
        "Mean |predicted − actual| of the per-customer means over the groups of purchases before the split.",
    ),
    "clv.err.mape": ("Ошибка накопленной кривой", "Error of the cumulative curve"),
    "clv.err.mape.help": (
        "Средняя |прогноз − факт| / факт накопленных повторных покупок по неделям контрольного периода.",
        "Mean |predicted − actual| / actual of the cumulative repeat purchases over the holdout weeks.",
    ),
    "clv.chart.actual": ("Факт", "Actual"),
    "clv.chart.predicted": ("Прогноз", "Predicted"),
    "clv.chart.split": ("разбиение", "split"),
    "clv.chart.week": ("Неделя (конец)", "Week (end)"),
    "clv.chart.cumulative": ("Повторные покупки, накопленно", "Repeat purchases, cumulative"),
    "clv.chart.calibration_count": ("Повторных покупок до разбиения", "Repeat purchases before the split"),
    "clv.chart.per_customer": (
        "Покупок на клиента после разбиения",
        "Purchases per customer after the split",
    ),
    "clv.chart.clv": ("Прогноз LTV, ₽", "Predicted LTV, ₽"),
    "clv.chart.customers": ("Клиентов", "Customers"),
    "clv.chart.frequency": ("Повторных покупок", "Repeat purchases"),
    "clv.chart.recency": (
        "Давность последней покупки от первой ({unit})",
        "Last purchase after the first ({unit})",
    ),
    "clv.chart.p_alive": ("P(активен)", "P(alive)"),
    "clv.distribution": ("Распределение прогнозного LTV", "Distribution of predicted LTV"),
    "clv.distribution.help": (
        "Число клиентов по прогнозному LTV на горизонт; значения выше 99-го процентиля собраны в последнем столбце.",
        "Customers by predicted LTV over the horizon; values above the 99th percentile are gathered in the last bar.",
    ),
    "clv.heatmap": ("Вероятность, что клиент активен", "Probability the customer is alive"),
    "clv.heatmap.help": (
        "P(активен) по модели BG/NBD для клиента возрастом {T} ({unit}) в зависимости от числа повторных покупок и "
        "времени последней из них: чем дольше тишина после частых покупок, тем ниже вероятность.",
        "P(alive) under BG/NBD for a customer aged {T} ({unit}) by number of repeat purchases and the time of the "
        "last one: the longer the silence after frequent purchases, the lower the probability.",
    ),
    "clv.top": ("Клиенты с наибольшим прогнозным LTV", "Customers with the highest predicted LTV"),
    "clv.top.help": ("Первые {n} клиентов по прогнозному LTV.", "The first {n} customers by predicted LTV."),
    "clv.at_risk": ("Клиенты в зоне риска", "Customers at risk"),
    "clv.at_risk.help": (
        "Сумма покупок не ниже квантиля {quantile} и P(активен) ниже {p_alive}; по убыванию суммы покупок.",
        "Purchases total at or above the {quantile} quantile and P(alive) below {p_alive}; by purchases total.",
    ),
    "clv.at_risk.none": ("Сейчас в зоне риска никого нет.", "Nobody is at risk now."),
    "clv.at_risk.download": ("Скачать список (CSV)", "Download the list (CSV)"),
    "clv.list.shown": (
        "Показаны первые {shown} из {count} (по выручке); в файл попадают все.",
        "The first {shown} of {count} (by revenue) are shown; the file has all of them.",
    ),
    "clv.at_risk.file": ("клиенты_в_зоне_риска.csv", "customers_at_risk.csv"),
    "clv.historical": ("Исторические показатели", "Historical figures"),
    "clv.historical.help": (
        "Клиенты по сумме выполненных заказов до даты анализа (модель не показана, причина выше).",
        "Customers by the total of completed orders up to the analysis date (the model is not shown; see why above).",
    ),
    "clv.lists.no_permission": (
        "Списки клиентов доступны ролям с доступом к отдельным клиентам.",
        "Customer lists are available to roles with access to individual customers.",
    ),
    "clv.col.customer_id": ("ID клиента", "Customer ID"),
    "clv.col.name": ("Клиент", "Customer"),
    "clv.col.card": ("Карточка", "Card"),
    "clv.open_card": ("Открыть карточку", "Open the card"),
    "clv.col.predicted_clv": ("Прогноз LTV", "Predicted LTV"),
    "clv.col.p_alive": ("P(активен)", "P(alive)"),
    "clv.col.expected_purchases": ("Ожидаемые покупки", "Expected purchases"),
    "clv.col.expected_avg_spend": ("Ожидаемый средний чек", "Expected average spend"),
    "clv.col.transactions": ("Покупок (дней)", "Purchases (days)"),
    "clv.col.total_value": ("Сумма покупок", "Purchases total"),
}
