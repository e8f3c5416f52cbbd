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
    "clv.cli.customers": ("Клиентов: {n}, с повторными покупками: {repeat}", "Customers: {n}, with repeat purchases: {repeat}"),
    "clv.cli.bgnbd": (
        "BG/NBD ({unit}): r={r:.4g} alpha={alpha:.4g} a={a:.4g} b={b:.4g}, логарифм правдоподобия {log_likelihood:.1f}",
        "BG/NBD ({unit}): r={r:.4g} alpha={alpha:.4g} a={a:.4g} b={b:.4g}, log-likelihood {log_likelihood:.1f}",
    ),
    "clv.cli.gamma_gamma": (
        "Gamma-Gamma: p={p:.4g} q={q:.4g} v={v:.4g} (клиентов: {customers})",
        "Gamma-Gamma: p={p:.4g} q={q:.4g} v={v:.4g} ({customers} customers)",
    ),
}
