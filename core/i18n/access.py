"""Strings of access control and personal data: login, roles, users, audit log, masking, erasure."""

STRINGS: dict[str, tuple[str, str]] = {
    # login and session
    "access.login.title": ("Вход", "Sign in"),
    "access.login.form": ("Вход в «Клиентскую базу»", "Sign in to Customer Base"),
    "access.login.username": ("Имя пользователя", "Username"),
    "access.login.password": ("Пароль", "Password"),
    "access.login.submit": ("Войти", "Sign in"),
    "access.login.invalid": ("Неверное имя пользователя или пароль.", "Wrong username or password."),
    "access.login.locked": (
        "Слишком много неудачных попыток входа: учётная запись заблокирована на {minutes} мин. "
        "Попробуйте позже или попросите администратора сбросить пароль.",
        "Too many failed sign-in attempts: the account is locked for {minutes} min. "
        "Try again later or ask an administrator to reset the password.",
    ),
    "access.login.help": (
        "Учётные записи заводит администратор (страница «Пользователи» или `python -m core users add`). "
        "Пароль первого администратора печатается в терминал при первом запуске.",
        "Accounts are created by an administrator (the «Users» page or `python -m core users add`). "
        "The first administrator's password is printed to the terminal on the first start.",
    ),
    "access.signed_in": ("Вы вошли как {name} ({role})", "Signed in as {name} ({role})"),
    "access.logout": ("Выйти", "Sign out"),
    "access.logout_all": ("Выйти на всех устройствах", "Sign out on all devices"),
    "access.logout_all.help": (
        "Завершает все ваши сеансы: в других браузерах и на других устройствах вход понадобится снова.",
        "Ends all your sessions: other browsers and devices will have to sign in again.",
    ),
    "access.login.ended": (
        "Сеанс завершён: выполнен выход на всех устройствах, либо администратор сменил пароль или роль "
        "этой учётной записи. Войдите снова.",
        "Your session has ended: signed out on all devices, or an administrator changed this account's "
        "password or role. Please sign in again.",
    ),
    "access.page_denied": (
        "У вашей роли нет доступа к этой странице. Если он нужен для работы, обратитесь к администратору.",
        "Your role has no access to this page. If you need it for your work, ask an administrator.",
    ),
    "access.first_admin": (
        "Создана учётная запись администратора «{username}», пароль: {password}\n"
        "Пароль показан один раз и нигде не хранится в открытом виде: сохраните его или смените "
        "(python -m core users reset-password {username}).",
        "Created the administrator account «{username}», password: {password}\n"
        "It is shown only this once and never stored in clear: keep it or change it "
        "(python -m core users reset-password {username}).",
    ),
    # roles
    "access.role.admin": ("администратор", "administrator"),
    "access.role.analyst": ("аналитик", "analyst"),
    "access.role.marketer": ("маркетолог", "marketer"),
    "access.role.executive": ("руководитель", "executive"),
    "access.role.manager": ("менеджер", "manager"),
    "access.roles.help": (
        "Администратор — всё, включая пользователей и журнал аудита. Аналитик — все страницы, загрузка и "
        "выгрузка данных. Маркетолог — анализ и сегменты, выгрузки; контакты видны только при согласии "
        "клиента на рассылку. Руководитель — обзор и графики, только агрегаты, без выгрузок. Менеджер — "
        "только свои клиенты (поле «менеджер»), на всех страницах.",
        "Administrator: everything, including users and the audit log. Analyst: every page, uploads and "
        "downloads. Marketer: analysis and segments, downloads; contacts visible only where the customer "
        "consented. Executive: the overview and charts, aggregates only, no downloads. Manager: only their "
        "own customers (the «manager» field), on every page.",
    ),
    # errors of user changes
    "access.error.username": (
        "Недопустимое имя пользователя «{username}»: латинские буквы в нижнем регистре, цифры и . _ @ -, "
        "до 64 символов.",
        "Invalid username «{username}»: lower-case Latin letters, digits and . _ @ -, up to 64 characters.",
    ),
    "access.error.exists": ("Пользователь «{username}» уже есть.", "User «{username}» already exists."),
    "access.error.unknown": ("Пользователя «{username}» нет.", "There is no user «{username}»."),
    "access.error.role": ("Неизвестная роль «{role}»; допустимы: {roles}.", "Unknown role «{role}»; use one of: {roles}."),
    "access.error.manager_id": (
        "Для роли «менеджер» укажите идентификатор менеджера — значение поля «менеджер» его клиентов.",
        "The manager role needs a manager id: the value of the «manager» field of their customers.",
    ),
    "access.error.last_admin": (
        "Нельзя удалить или понизить последнего администратора.",
        "The last administrator cannot be removed or demoted.",
    ),
    "access.error.password_short": (
        "Пароль слишком короткий: нужно не меньше {length} символов.",
        "The password is too short: at least {length} characters are needed.",
    ),
    "access.error.password_long": ("Пароль длиннее 72 байт.", "The password is longer than 72 bytes."),
    "access.error.password_spaces": (
        "Пароль не должен начинаться или заканчиваться пробелом.",
        "The password must not start or end with a space.",
    ),
    # command line
    "access.cli.added": ("Пользователь «{username}» создан, роль: {role}.", "User «{username}» created, role: {role}."),
    "access.cli.password": ("Пароль (показан один раз): {password}", "Password (shown once): {password}"),
    "access.cli.locked": ("заблокирован", "locked"),
    "access.cli.signed_out": (
        "Все сеансы пользователя «{username}» завершены: открытые страницы попросят войти снова.",
        "Every session of «{username}» has ended: open pages will ask to sign in again.",
    ),
    "access.cli.removed": ("Пользователь «{username}» удалён.", "User «{username}» removed."),
    "access.cli.role_set": ("Роль пользователя «{username}»: {role}.", "User «{username}» now has the role {role}."),
    "access.cli.password_reset": (
        "Пароль пользователя «{username}» сменён, его сеансы завершены.",
        "The password of «{username}» was changed and their sessions ended.",
    ),
    # admin: users page
    "nav.admin_users": ("Пользователи", "Users"),
    "nav.audit": ("Журнал аудита", "Audit log"),
    "admin.users.title": ("Пользователи и доступ", "Users and access"),
    "admin.users.list": ("Учётные записи", "Accounts"),
    "admin.users.col.username": ("Имя пользователя", "Username"),
    "admin.users.col.name": ("Имя", "Name"),
    "admin.users.col.role": ("Роль", "Role"),
    "admin.users.col.manager_id": ("Менеджер (клиенты)", "Manager (customers)"),
    "admin.users.col.created_at": ("Создан", "Created"),
    "admin.users.col.locked_until": ("Заблокирован до", "Locked until"),
    "admin.users.tab.add": ("Добавить", "Add"),
    "admin.users.tab.role": ("Сменить роль", "Change role"),
    "admin.users.tab.password": ("Сбросить пароль", "Reset password"),
    "admin.users.tab.remove": ("Удалить", "Remove"),
    "admin.users.tab.erase": ("Удаление данных клиента", "Erase a customer"),
    "admin.users.user": ("Пользователь", "User"),
    "admin.users.name": ("Имя (как показывать)", "Name (as shown)"),
    "admin.users.manager_id": ("Идентификатор менеджера", "Manager id"),
    "admin.users.manager_id.help": (
        "Только для роли «менеджер»: значение поля «менеджер» в данных у его клиентов.",
        "Managers only: the value of the «manager» field of their customers in the data.",
    ),
    "admin.users.add.submit": ("Создать", "Create"),
    "admin.users.role.submit": ("Сменить роль", "Change role"),
    "admin.users.password.submit": ("Сбросить пароль", "Reset password"),
    "admin.users.remove.confirm": ("Да, удалить эту учётную запись", "Yes, remove this account"),
    "admin.users.remove.submit": ("Удалить", "Remove"),
    "admin.users.password_once": (
        "Пароль пользователя «{username}»: `{password}` — показан один раз, передайте его лично.",
        "The password of «{username}»: `{password}`; shown only once, hand it over in person.",
    ),
    "admin.users.done": ("Готово: {what}", "Done: {what}"),
    # audit log page
    "audit.title": ("Журнал аудита", "Audit log"),
    "audit.caption": (
        "Кто и когда загружал, скачивал и удалял данные, менял учётные записи, входил и выходил, и откуда "
        "(адрес браузера; за обратным прокси — из X-Forwarded-For; «cli@…» — командная строка). "
        "Записи только добавляются.",
        "Who uploaded, downloaded or erased data, changed accounts, signed in and out, when, and from where "
        "(the browser's address; behind a reverse proxy, from X-Forwarded-For; «cli@…»: the command line). "
        "Entries are only ever appended.",
    ),
    "audit.filter.action": ("Действия", "Actions"),
    "audit.filter.user": ("Пользователи", "Users"),
    "audit.filter.all": ("Все", "All"),
    "audit.filter.dates": ("Даты", "Dates"),
    "audit.filter.dates.help": (
        "Первый и последний день (включительно), по часовому поясу вашего браузера.",
        "The first and last day (both included), in your browser's time zone.",
    ),
    "audit.download.csv": ("Скачать CSV", "Download CSV"),
    "audit.download.xlsx": ("Скачать XLSX", "Download XLSX"),
    "audit.col.address": ("Откуда", "From"),
    "audit.what.password": ("по паролю", "with the password"),
    "audit.what.cookie": ("по сохранённому входу", "with the login cookie"),
    "audit.what.wrong_password": ("неверный пароль", "wrong password"),
    "audit.what.no_such_account": ("нет такой учётной записи", "no such account"),
    "audit.what.account_locked": ("учётная запись заблокирована", "account locked"),
    "audit.what.cookie_no_longer_valid": ("сохранённый вход больше не действует", "the login cookie is no longer valid"),
    "audit.what.this_session": ("в этом браузере", "in this browser"),
    "audit.empty": ("Записей нет.", "No entries."),
    "audit.count": ("Записей: {count}", "Entries: {count}"),
    "audit.col.at": ("Время", "Time"),
    "audit.col.username": ("Пользователь", "User"),
    "audit.col.role": ("Роль", "Role"),
    "audit.col.action": ("Действие", "Action"),
    "audit.col.what": ("Что", "What"),
    "audit.col.rows": ("Строк", "Rows"),
    "audit.download.what": ("журнал аудита", "audit log"),
    "audit.action.upload": ("загрузка", "upload"),
    "audit.action.upload_failed": ("неудачная загрузка", "failed upload"),
    "audit.action.sessions_ended": ("выход на всех устройствах", "signed out on all devices"),
    "audit.action.login_cookie": ("вход (сохранённый)", "sign-in (remembered)"),
    "audit.action.download": ("выгрузка", "download"),
    "audit.action.erase": ("удаление персональных данных", "personal data erased"),
    "audit.action.merge": ("объединение дубликатов", "duplicates merged"),
    "audit.action.unmerge": ("отмена объединения", "merge undone"),
    "audit.action.user_add": ("пользователь создан", "user added"),
    "audit.action.user_remove": ("пользователь удалён", "user removed"),
    "audit.action.user_role": ("роль изменена", "role changed"),
    "audit.action.user_password": ("пароль сброшен", "password reset"),
    "audit.action.login": ("вход", "sign-in"),
    "audit.action.login_failed": ("неудачный вход", "failed sign-in"),
    "audit.action.account_locked": ("учётная запись заблокирована", "account locked"),
    "audit.action.logout": ("выход", "sign-out"),
    # personal data
    "privacy.masked": (
        "Персональные данные скрыты для вашей роли: e-mail, телефоны и имена показаны частично.",
        "Personal data is masked for your role: e-mails, phones and names are shown in part.",
    ),
    "privacy.masked_consent": (
        "Контакты показаны только тех клиентов, кто дал согласие на рассылку (e-mail — согласие на письма, "
        "телефон — на SMS); остальные скрыты.",
        "Contacts are shown only for customers who consented (e-mail: consent to e-mails, phone: to SMS); "
        "the rest are masked.",
    ),
    # erasure
    "erase.title": ("Удаление персональных данных клиента", "Erase a customer's personal data"),
    "erase.help": (
        "По запросу клиента (152-ФЗ, ст. 21; GDPR, ст. 17): во всех наборах данных строки клиента получают "
        "новый случайный идентификатор, из карточки удаляются все персональные поля и согласия, из "
        "обращений — тексты; так же — под каждым идентификатором, объединённым с этим клиентом. Заказы "
        "остаются обезличенными, поэтому итоги не меняются. Предыдущие версии данных удаляются сразу, а из "
        "сохранённых отклонённых строк прошлых загрузок — строки с идентификатором, e-mail или телефоном "
        "клиента. Необратимо.",
        "On the customer's request (152-FZ art. 21; GDPR art. 17): in every dataset the customer's rows get a "
        "new random id, the customer record loses every personal field and consent, interactions lose their "
        "texts; the same under every id merged with this customer. Orders stay, anonymised, so totals do not "
        "change. The previous data versions go at once, and so do the stored rejected rows of earlier "
        "uploads that hold the customer's id, e-mail or phone. Irreversible.",
    ),
    "erase.customer_id": ("Идентификатор клиента", "Customer id"),
    "erase.merged": (
        "Этот клиент объединён с дублями ({ids}): данные удаляются под всеми этими идентификаторами, "
        "объединение забывается.",
        "This customer was merged with duplicates ({ids}): the data is erased under every one of these ids, "
        "and the merge is forgotten.",
    ),
    "erase.found": (
        "Найдено строк — клиенты: {customers}, обращения: {interactions}, заказы: {orders}.",
        "Rows found: customers {customers}, interactions {interactions}, orders {orders}.",
    ),
    "erase.confirm": ("Я понимаю, что удаление необратимо", "I understand that this cannot be undone"),
    "erase.submit": ("Удалить персональные данные", "Erase personal data"),
    "erase.done": (
        "Персональные данные клиента {customer_id} удалены (новая версия данных № {generation}; "
        "отклонённых строк прошлых загрузок удалено: {rejected}).",
        "The personal data of customer {customer_id} was erased (new data version {generation}; "
        "rejected rows of earlier uploads removed: {rejected}).",
    ),
    "erase.error.not_found": ("Клиент «{customer_id}» не найден ни в одном наборе данных.",
                              "Customer «{customer_id}» is not in any dataset."),
    "erase.error.empty": ("Укажите идентификатор клиента.", "Enter a customer id."),
    "erase.error.not_allowed": ("Удалять данные может только администратор.", "Only an administrator can erase data."),
}
