"""Strings of communications, contact pressure, campaigns with control groups and the periodic report."""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- upload: the communications kind
    "upload.kind.communications": ("Рассылки и сообщения", "Communications (messages sent)"),
    "upload.field.campaign": ("Кампания (рассылка)", "Campaign (mailing)"),
    "upload.field.sent_at": ("Дата и время отправки", "Sent at"),
    "upload.field.delivered": ("Доставлено", "Delivered"),
    "upload.field.opened": ("Открыто", "Opened"),
    "upload.field.clicked": ("Переход по ссылке", "Clicked"),
    "upload.field.unsubscribed": ("Отписка", "Unsubscribed"),
    "upload.field.promo_code": ("Промокод", "Promo code"),
    "upload.field.communications.cost": ("Стоимость сообщения", "Cost per message"),
    "upload.field.control": ("Контрольная группа", "Control group"),
    "upload.field.delivery": ("Статус доставки (заполняет доставку, открытие, клик, отписку)",
                              "Delivery status (fills delivered, opened, clicked, unsubscribed)"),
    "quality.dataset.communications": ("Рассылки", "Communications"),
    # ---------------------------------------------------------------------- card
    "card.communications.title": ("История рассылок", "Communications history"),
    "card.communications.help": (
        "Каждое сообщение, отправленное клиенту (или отложенное в контрольную группу), из загруженных выгрузок "
        "сервисов рассылок. Отписка отзывает согласие на этот канал с момента отправки сообщения, в котором "
        "клиент отписался.",
        "Every message sent to the customer (or held out in a control group), from the uploaded exports of "
        "mailing services. An unsubscribe withdraws consent for that channel from the send time of the message "
        "it came from."),
    "card.communications.none": ("Рассылок клиенту не было.", "No communications."),
    "card.communications.unsubscribed": ("Отписался: {items}", "Unsubscribed: {items}"),
    "card.col.sent_at": ("Отправлено", "Sent at"),
    "card.col.campaign": ("Кампания", "Campaign"),
    "card.col.delivered": ("Доставлено", "Delivered"),
    "card.col.opened": ("Открыто", "Opened"),
    "card.col.clicked": ("Клик", "Clicked"),
    "card.col.unsubscribed": ("Отписка", "Unsubscribed"),
    "card.col.promo_code": ("Промокод", "Promo code"),
    "card.col.cost": ("Стоимость", "Cost"),
    "card.col.control": ("Контрольная группа", "Control group"),
    "channel.email": ("E-mail", "E-mail"),
    "channel.sms": ("SMS", "SMS"),
    "channel.push": ("Push", "Push"),
    "channel.messenger": ("Мессенджер", "Messenger"),
    # ---------------------------------------------------------------------- contact pressure
    "segments.reason.contact_pressure": ("уже получал рассылку по этому каналу за последние дни",
                                         "already sent something on this channel in the last days"),
    "segments.reason.control_group": ("в контрольной группе кампании, окно которой ещё идёт",
                                      "in the control group of a campaign whose window is still open"),
    "segments.export.pressure": ("Не писать тем, кому писали за последние, дней",
                                 "Leave out those contacted in the last, days"),
    "segments.export.pressure.help": (
        "Давление на контакт: клиенты, которым по этому каналу уже что-то отправляли за указанное число дней до "
        "даты анализа (и позже), в файл не попадут; 0 — не исключать. По умолчанию — из настроек кампаний "
        "(обычно советуют не больше одной промо-рассылки в неделю).",
        "Contact pressure: customers sent anything on this channel in this many days up to the analysis date "
        "(or later) are left out of the file; 0 turns it off. The default comes from the campaign settings "
        "(the usual advice is at most one promotional mailing a week)."),
    "segments.cli.pressure": ("Давление на контакт: не писать тем, кому писали за {days} дн.",
                              "Contact pressure: leaving out customers contacted in the last {days} days"),
    "segments.cli.bad_pressure": ("--pressure-days: от 0 до {max}", "--pressure-days: from 0 to {max}"),
    "frequency.title": ("Сколько раз клиентам писали за 30 дней", "How often customers were contacted in 30 days"),
    "frequency.help": (
        "Число клиентов по числу сообщений (любой канал, без контрольных групп), отправленных им за 30 дней до "
        "даты анализа включительно.",
        "Customers by the number of messages (any channel, control groups left out) sent to them in the 30 days "
        "up to and including the analysis date."),
    "frequency.bucket": ("Сообщений за 30 дней", "Messages in 30 days"),
    "frequency.none": ("Рассылки не загружены: загрузите выгрузку сервиса рассылок (вид данных «Рассылки и "
                       "сообщения»).",
                       "No communications loaded: upload a mailing service's export (the kind «Communications»)."),
    "audit.action.campaign_create": ("кампания создана", "campaign created"),
    "audit.action.segment_action": ("рекомендация сегмента изменена", "segment recommendation changed"),
    # ---------------------------------------------------------------------- recommended actions
    "segments.action": ("Рекомендуемое действие", "Recommended action"),
    "segments.action.edit": ("Изменить рекомендацию", "Edit the recommendation"),
    "segments.action.edit.help": ("Пустое поле возвращает рекомендацию по умолчанию.",
                                  "An empty field restores the default recommendation."),
    "segments.action.saved": ("Рекомендация сохранена.", "Recommendation saved."),
    "segments.action.bought_month_ago": (
        "Повторная продажа: подборка к прошлой покупке, сопутствующие товары, напоминание о расходниках.",
        "Repeat sale: picks that go with the last purchase, accessories, a reminder to restock."),
    "segments.action.never_bought": (
        "Приветственная серия: знакомство с магазином и скидка на первый заказ.",
        "Welcome series: introduce the shop and offer a first-order discount."),
    "segments.action.social": (
        "Приветствие с отзывами покупателей и промокодом на первый заказ; ретаргетинг в соцсетях.",
        "Welcome with customer reviews and a first-order promo code; social retargeting."),
    "segments.action.no_purchase_3_months": (
        "Реактивация: персональное предложение («давно вас не было»), ограниченная по времени скидка.",
        "Reactivation: a personal offer («we miss you»), a time-limited discount."),
    "segments.action.birthday_week": (
        "Поздравление с днём рождения и подарок: бонусы или скидка на неделю.",
        "Birthday greeting with a gift: bonus points or a discount for the week."),
    "segments.action.vip_at_risk": (
        "Персональный сервис: звонок персонального менеджера, закрытое предложение, без массовых рассылок.",
        "Personal service: a call from a personal manager, an exclusive offer, no mass mailings."),
    "segments.action.second_purchase_nudge": (
        "Стимул ко второй покупке: промокод с коротким сроком, подборка по первой покупке.",
        "Second-purchase nudge: a short-lived promo code, picks based on the first purchase."),
    # ---------------------------------------------------------------------- campaigns page
    "nav.campaigns": ("Кампании", "Campaigns"),
    "campaigns.title": ("Кампании", "Campaigns"),
    "campaigns.caption": (
        "Что принесла каждая рассылка по сравнению с контрольной группой. Дата анализа: {as_of}.",
        "What each campaign earned against its control group. Analysis date: {as_of}."),
    "campaigns.window": ("Окно после рассылки, дней", "Window after the campaign, days"),
    "campaigns.window.help": ("Покупки считаются с дня рассылки включительно в течение этого числа дней.",
                              "Purchases count from the campaign's day (included) for this many days."),
    "campaigns.none": (
        "Кампаний пока нет: создайте кампанию из сегмента ниже или загрузите выгрузку сервиса рассылок "
        "(вид данных «Рассылки и сообщения»).",
        "No campaigns yet: make one from a segment below or upload a mailing service's export (the kind "
        "«Communications»)."),
    "campaigns.tab.results": ("Результаты", "Results"),
    "campaigns.tab.new": ("Новая кампания", "New campaign"),
    "campaigns.tab.made": ("Созданные кампании", "Campaigns made here"),
    "campaigns.tab.settings": ("Настройки", "Settings"),
    "campaigns.col.name": ("Кампания", "Campaign"),
    "campaigns.col.sent_date": ("Дата", "Date"),
    "campaigns.col.source": ("Откуда", "Source"),
    "campaigns.col.recipients": ("Получатели", "Recipients"),
    "campaigns.col.control": ("Контроль", "Control"),
    "campaigns.col.conversion": ("Конверсия получателей", "Recipients' conversion"),
    "campaigns.col.control_conversion": ("Конверсия контроля", "Control conversion"),
    "campaigns.col.revenue_per_customer": ("Выручка на получателя", "Revenue per recipient"),
    "campaigns.col.control_revenue_per_customer": ("Выручка на клиента контроля", "Revenue per control customer"),
    "campaigns.col.uplift": ("Прирост на клиента (95% ДИ)", "Uplift per customer (95% CI)"),
    "campaigns.col.incremental_revenue": ("Дополнительная выручка", "Incremental revenue"),
    "campaigns.col.roi": ("ROI", "ROI"),
    "campaigns.col.opened": ("Открыли", "Opened"),
    "campaigns.col.clicked": ("Перешли", "Clicked"),
    "campaigns.col.verdict": ("Вывод", "Verdict"),
    "campaigns.source.product": ("создана здесь", "made here"),
    "campaigns.source.upload": ("из выгрузки", "uploaded"),
    "campaigns.verdict.up": ("эффект есть (ДИ выше нуля)", "effect (CI above zero)"),
    "campaigns.verdict.down": ("во вред (ДИ ниже нуля)", "harmful (CI below zero)"),
    "campaigns.verdict.none": ("не значимо", "not significant"),
    "campaigns.verdict.pending": ("данных после даты кампании ещё нет", "no data after the campaign's date yet"),
    "campaigns.verdict.too_small": ("слишком мало клиентов для интервала", "too few customers for an interval"),
    "campaigns.verdict.weaker": ("без контроля — слабое свидетельство", "no control — weaker evidence"),
    "campaigns.incomplete": ("окно ещё не закончилось", "window not over yet"),
    "campaigns.chart.title": ("Прирост выручки на клиента с 95% доверительным интервалом",
                              "Uplift in revenue per customer with its 95% confidence interval"),
    "campaigns.weaker.title": ("Кампании без контрольной группы — слабое свидетельство",
                               "Campaigns without a control group — weaker evidence"),
    "campaigns.weaker.help": (
        "Без контрольной группы нельзя отделить эффект рассылки от сезона, от того, кого выбрали для рассылки, и "
        "от случайности. Показаны два сравнения: с теми же клиентами в предыдущее окно той же длины и с "
        "клиентами того же типа базы (на день до рассылки), которым рассылку не отправляли.",
        "Without a control group the campaign's effect cannot be told apart from the season, from who was chosen "
        "and from chance. Two comparisons are shown: with the same customers in the preceding window of the "
        "same length, and with customers of the same base type (the day before) who were not sent it."),
    "campaigns.weaker.pre_post": ("Те же клиенты: до → после, на клиента", "Same customers: before → after, per customer"),
    "campaigns.weaker.matched": ("Против похожих неполучателей, на клиента", "Against matched non-recipients, per customer"),
    "campaigns.new.segment": ("Сегмент", "Segment"),
    "campaigns.new.name": ("Название кампании", "Campaign name"),
    "campaigns.new.channel": ("Канал", "Channel"),
    "campaigns.new.control": ("Доля контрольной группы, %", "Control group share, %"),
    "campaigns.new.control.help": (
        "Эта доля клиентов, которым можно написать, случайно (с сохранённым зерном, отдельно внутри каждого типа "
        "базы) откладывается: им не пишут, и по ним потом видно, что было бы без рассылки. В список получателей "
        "они не попадают никогда.",
        "This share of the customers who can be contacted is held out at random (with a stored seed, within each "
        "base type): they are not sent anything and later show what would have happened without the campaign. "
        "They never appear in the recipients' list."),
    "campaigns.new.create": ("Создать кампанию", "Create the campaign"),
    "campaigns.new.done": ("Кампания «{name}» создана: получателей {recipients}, в контроле {control}.",
                           "Campaign «{name}» created: {recipients} recipients, {control} in control."),
    "campaigns.new.not_allowed": ("Создавать кампании могут роли с правом выгрузки.",
                                  "Roles with the download right make campaigns."),
    "campaigns.made.none": ("Здесь ещё не создавали кампаний.", "No campaign has been made here yet."),
    "campaigns.made.pick": ("Кампания", "Campaign"),
    "campaigns.made.details": (
        "Создана {created} ({author}), сегмент «{segment}», канал {channel}, контроль {share}, зерно {seed}.",
        "Made {created} by {author}, segment «{segment}», channel {channel}, control {share}, seed {seed}."),
    "campaigns.made.download": ("Скачать: {group}", "Download: {group}"),
    "campaigns.group.recipients": ("получатели", "recipients"),
    "campaigns.group.control": ("контроль", "control"),
    "campaigns.control.warning": ("Список контрольной группы — для проверки; этим клиентам не пишут.",
                                  "The control list is for checking only; these customers are not contacted."),
    "campaigns.settings.pressure": ("Давление на контакт по умолчанию, дней", "Default contact pressure, days"),
    "campaigns.settings.control": ("Доля контрольной группы по умолчанию, %", "Default control share, %"),
    "campaigns.settings.save": ("Сохранить", "Save"),
    "campaigns.settings.saved": ("Настройки сохранены.", "Settings saved."),
    "campaigns.settings.admin_only": ("Настройки меняет администратор.", "An admin changes the settings."),
    "campaigns.error.share": ("Доля контрольной группы — от 0 до 50 %.", "The control share is 0 to 50 %."),
    "campaigns.error.name": ("Название кампании: от 1 до {max} символов.", "Campaign name: 1 to {max} characters."),
    "campaigns.error.not_allowed": ("Нет права выгрузки.", "No download right."),
    "campaigns.error.empty": ("В сегменте нет клиентов, которым можно написать по этому каналу.",
                              "The segment has no customers who can be contacted on this channel."),
    "campaigns.error.not_found": ("Кампания «{name}» не найдена.", "Campaign «{name}» not found."),
    "campaigns.error.group": ("Список: recipients или control.", "List: recipients or control."),
    "campaigns.error.window": ("Окно — от 1 до 366 дней.", "The window is 1 to 366 days."),
    "campaigns.error.admin_only": ("Это может только администратор.", "Only an admin may do this."),
    "campaigns.error.action_long": ("Рекомендация длиннее {max} символов.", "The recommendation is over {max} characters."),
    # ---------------------------------------------------------------------- definitions
    "definitions.campaigns": ("Кампании", "Campaigns"),
    "campaigns.def.window": ("Окно", "Window"),
    "campaigns.def.window.text": (
        "Заданное число дней (по умолчанию 30) начиная с дня кампании включительно; день кампании — день, когда её "
        "создали здесь, или первая отправка загруженной кампании.",
        "The given number of days (30 by default) from the campaign's day, that day included; the campaign's day "
        "is the day it was made here, or the first send of an uploaded campaign."),
    "campaigns.def.conversion": ("Конверсия", "Conversion"),
    "campaigns.def.conversion.text": (
        "Доля клиентов группы (получателей или контроля), сделавших хотя бы один выполненный заказ в окне.",
        "The share of a group's customers (recipients or control) with at least one completed order in the window."),
    "campaigns.def.revenue_per_customer": ("Выручка на клиента", "Revenue per customer"),
    "campaigns.def.revenue_per_customer.text": (
        "Выручка выполненных заказов группы в окне, делённая на всех клиентов группы (купивших и нет).",
        "The group's completed revenue in the window divided by all its customers (buyers or not)."),
    "campaigns.def.uplift": ("Прирост и 95% доверительный интервал", "Uplift and its 95% confidence interval"),
    "campaigns.def.uplift.text": (
        "Выручка на получателя минус выручка на клиента контроля. Интервал — t-интервал Уэлча для разности средних "
        "(неравные дисперсии, степени свободы Уэлча–Саттертуэйта; для больших групп это нормальное приближение "
        "разность ± 1,96·√(s₁²/n₁ + s₂²/n₂)). Эффект значим, если интервал не содержит нуля; если эффекта нет, так "
        "ошибочно скажут примерно в 5 % кампаний.",
        "Revenue per recipient minus revenue per control customer. The interval is Welch's t interval for a "
        "difference in means (unequal variances, Welch–Satterthwaite degrees of freedom; for large groups the "
        "normal approximation difference ± 1.96·√(s₁²/n₁ + s₂²/n₂)). The effect is significant when the interval "
        "leaves out zero; with no effect this is said wrongly in about 5 % of campaigns."),
    "campaigns.def.incremental_revenue": ("Дополнительная выручка", "Incremental revenue"),
    "campaigns.def.incremental_revenue.text": (
        "Прирост на клиента × число получателей: выручка, которой без кампании не было бы (оценка).",
        "Uplift per customer × recipients: the revenue that would not have come without the campaign (estimated)."),
    "campaigns.def.roi": ("ROI", "ROI"),
    "campaigns.def.roi.text": (
        "(Дополнительная выручка − стоимость отправленных сообщений) / стоимость; только если в выгрузке есть "
        "стоимость. Считается по выручке, не по марже.",
        "(Incremental revenue − the cost of the messages sent) / cost; only where the export has costs. Computed "
        "on revenue, not margin."),
    "campaigns.def.control": ("Контрольная группа", "Control group"),
    "campaigns.def.control.text": (
        "Клиенты, которым можно было написать, но случайно отложенные (внутри каждого типа базы, со сохранённым "
        "зерном): им не пишут — ни эту рассылку, ни другие 30 дней (выгрузки по каналам их не включают), — и по "
        "ним видно, что было бы без рассылки.",
        "Customers who could have been contacted but were held out at random (within each base type, with a "
        "stored seed): they are sent neither this campaign nor, for 30 days, any other (channel downloads leave "
        "them out), and show what would have happened without the campaign."),
    "campaigns.def.weaker": ("Без контрольной группы", "Without a control group"),
    "campaigns.def.weaker.text": (
        "Сравнение с теми же клиентами в предыдущее окно (до → после, t-интервал для парной разности) и с клиентами "
        "того же типа базы на день до кампании, которым её не отправляли (разность средних внутри типов, взвешенная "
        "по получателям). Это более слабое свидетельство: сезон, выбор получателей и случайность не исключены.",
        "A comparison with the same customers in the preceding window (before → after, a t interval for the paired "
        "difference) and with customers of the same base type the day before who were not sent it (differences "
        "within types weighted by the recipients). This is weaker evidence: the season, who was chosen and chance "
        "are not ruled out."),
    "campaigns.def.opens": ("Открытия и переходы", "Opens and clicks"),
    "campaigns.def.opens.text": (
        "Число отправленных сообщений, отмеченных в выгрузке как открытые и как с переходом по ссылке.",
        "Messages sent that the export marks as opened and as clicked."),
    "campaigns.def.pressure": ("Давление на контакт", "Contact pressure"),
    "campaigns.def.pressure.text": (
        "Выгрузка для канала может исключить клиентов, которым по этому каналу что-то отправляли за последние N дней "
        "до даты анализа (по умолчанию 7; контрольная группа не считается). Отписка отзывает согласие на канал с "
        "момента отправки сообщения, в котором клиент отписался, во всех сегментах, выгрузках и подсчётах.",
        "A download for a channel can leave out customers sent anything on it in the last N days up to the analysis "
        "date (7 by default; control-group rows do not count). An unsubscribe withdraws consent for the channel from "
        "the send time of the message it came from, in every segment, download and count."),
    # ---------------------------------------------------------------------- periodic report
    "report.title": ("Отчёт за {period}: {start} — {end}", "Report for the {period}: {start} — {end}"),
    "report.period.week": ("неделю", "week"),
    "report.period.month": ("месяц", "month"),
    "report.period.quarter": ("квартал", "quarter"),
    "report.compared": ("Сравнение с предыдущим периодом: {start} — {end}.",
                        "Compared with the previous period: {start} — {end}."),
    "report.section.metrics": ("Ключевые показатели", "Key metrics"),
    "report.section.composition": ("Состав базы и его изменение", "Base composition and its change"),
    "report.section.campaigns": ("Кампании периода", "Campaigns of the period"),
    "report.metric": ("Показатель", "Metric"),
    "report.current": ("Период", "Period"),
    "report.previous": ("Предыдущий", "Previous"),
    "report.change": ("Изменение", "Change"),
    "report.base_type": ("Тип базы", "Base type"),
    "report.customers": ("Клиенты", "Customers"),
    "report.no_campaigns": ("В этом периоде кампаний не было.", "No campaigns in this period."),
    "report.definitions": (
        "Определения показателей — на странице «Определения» и в подсказках дашборда. Кампании: прирост выручки "
        "на клиента против контрольной группы за 30 дней, 95% интервал Уэлча.",
        "Definitions: the «Definitions» page and the dashboard's help texts. Campaigns: uplift in revenue per "
        "customer against the control group over 30 days, Welch's 95% interval."),
    "report.sheet.metrics": ("Показатели", "Metrics"),
    "report.sheet.composition": ("Состав базы", "Composition"),
    "report.sheet.campaigns": ("Кампании", "Campaigns"),
    "report.empty": ("В рабочей области нет данных.", "The workspace holds no data."),
    "report.unwritable": ("Не удалось записать в {path}: {error}", "Could not write to {path}: {error}"),
    "audit.action.campaign_settings": ("настройки кампаний изменены", "campaign settings changed"),
}
