"""Vocabulary of the synthetic hh.ru demo: roles, employers, areas, work patterns and phrases."""

from __future__ import annotations

from dataclasses import dataclass

# Labels of hh dictionary ids as the API returns them next to each id.
EXPERIENCE = (
    ("noExperience", "Нет опыта"),
    ("between1And3", "От 1 года до 3 лет"),
    ("between3And6", "От 3 до 6 лет"),
    ("moreThan6", "Более 6 лет"),
)
SCHEDULE_NAMES = {
    "fullDay": "Полный день",
    "shift": "Сменный график",
    "flexible": "Гибкий график",
    "remote": "Удаленная работа",
    "flyInFlyOut": "Вахтовый метод",
}
EMPLOYMENT_NAMES = {
    "full": "Полная занятость",
    "part": "Частичная занятость",
    "project": "Проектная работа",
    "probation": "Стажировка",
}
EMPLOYMENT_FORM_NAMES = {"FULL": "Полная", "PART": "Частичная", "PROJECT": "Проектная"}
WORK_FORMAT_NAMES = {"ON_SITE": "На месте работодателя", "REMOTE": "Удалённо", "HYBRID": "Гибрид"}
BY_DAYS_NAMES = {
    "FIVE_ON_TWO_OFF": "5/2",
    "TWO_ON_TWO_OFF": "2/2",
    "THREE_ON_THREE_OFF": "3/3",
    "FLEXIBLE": "Свободный",
    "OTHER": "Другое",
}
WORKING_HOURS_NAMES = {
    "HOURS_4": "4 часа",
    "HOURS_8": "8 часов",
    "HOURS_12": "12 часов",
    "OTHER": "По договорённости",
}
PAY_MODE_NAMES = {"MONTH": "За месяц", "HOUR": "За час", "SHIFT": "За смену"}
FREQUENCY_NAMES = {
    "TWICE_PER_MONTH": "Два раза в месяц",
    "MONTHLY": "Раз в месяц",
    "WEEKLY": "Раз в неделю",
    "DAILY": "Каждый день",
}
LANGUAGE_LEVELS = (("b1", "B1 — Средний"), ("b2", "B2 — Выше среднего"), ("c1", "C1 — Продвинутый"))
# How an English requirement is worded, per level; the text extractor should find all of them.
ENGLISH_PHRASES = {
    "b1": ("английский B1 для переписки с клиентами", "English Intermediate (чтение и письмо)"),
    "b2": ("английский B2", "English Upper-Intermediate", "английский язык на уровне B2"),
    "c1": ("свободный английский (C1)", "English Advanced: общение с зарубежными клиентами"),
}

PROFESSIONAL_ROLE_NAMES = {
    "3": "SMM-менеджер, контент-менеджер",
    "18": "Бухгалтер",
    "40": "Другое",
    "58": "Курьер",
    "70": "Менеджер по продажам, менеджер по работе с клиентами",
    "83": "Оператор call-центра, специалист контактного центра",
    "96": "Программист, разработчик",
    "97": "Продавец-консультант, продавец-кассир",
    "105": "Руководитель отдела клиентского обслуживания",
    "121": "Специалист технической поддержки",
    "131": "Упаковщик, комплектовщик",
}

# (hh area id, name, regional pay key in DEMO_EFFECTS, share of on-site vacancies)
AREAS = (
    ("1", "Москва", "moscow", 0.36),
    ("2", "Санкт-Петербург", "saint_petersburg", 0.14),
    ("3", "Екатеринбург", "other_city", 0.08),
    ("4", "Новосибирск", "other_city", 0.07),
    ("88", "Казань", "other_city", 0.07),
    ("66", "Нижний Новгород", "other_city", 0.07),
    ("53", "Краснодар", "other_city", 0.06),
    ("26", "Воронеж", "other_city", 0.05),
    ("113", "Россия", "remote_russia", 0.0),  # only remote vacancies are posted nationwide
)
NATIONWIDE_AREA = len(AREAS) - 1
REMOTE_NATIONWIDE_SHARE = 0.6


@dataclass(frozen=True)
class WorkPattern:
    """One way of working: legacy and 2024+ hh fields plus the phrases that describe it."""

    key: str
    schedule: str
    employment: str
    employment_form: str
    work_format: str
    by_days: str
    hours: str
    phrases: tuple[str, ...]
    night: bool = False
    part_time: bool = False
    internship: bool = False
    fly_in_fly_out: bool = False
    shift_cycle: bool = False  # 2/2 or 3/3: pay may be posted per shift (15.2 shifts/month)


PATTERNS = (
    WorkPattern("office", "fullDay", "full", "FULL", "ON_SITE", "FIVE_ON_TWO_OFF", "HOURS_8",
                ("График 5/2, полный день с 9:00 до 18:00",
                 "Пятидневка по 8 часов, выходные суббота и воскресенье")),
    WorkPattern("hybrid", "flexible", "full", "FULL", "HYBRID", "FIVE_ON_TWO_OFF", "HOURS_8",
                ("Гибрид: два дня в офисе, остальные из дома, график 5/2",
                 "Пятидневка, часть недели можно работать удалённо")),
    WorkPattern("remote", "remote", "full", "FULL", "REMOTE", "FIVE_ON_TWO_OFF", "HOURS_8",
                ("Работа удалённо из любого города, 5/2 по 8 часов",
                 "Полностью удалённо, пятидневка, нужен стабильный интернет")),
    WorkPattern("day_2_2", "shift", "full", "FULL", "ON_SITE", "TWO_ON_TWO_OFF", "HOURS_12",
                ("График 2/2, дневные смены по 12 часов",
                 "Сменный график 2/2 с 8:00 до 20:00, без ночных смен"),
                shift_cycle=True),
    WorkPattern("remote_2_2", "remote", "full", "FULL", "REMOTE", "TWO_ON_TWO_OFF", "HOURS_12",
                ("Удалённо, график 2/2, дневные смены по 12 часов",
                 "Смены 2/2 из дома с 9:00 до 21:00"),
                shift_cycle=True),
    WorkPattern("night_2_2", "shift", "full", "FULL", "ON_SITE", "TWO_ON_TWO_OFF", "HOURS_12",
                ("График 2/2, ночные смены с 20:00 до 8:00",
                 "Смены 2/2, в том числе ночные — ночные часы оплачиваются выше"),
                night=True, shift_cycle=True),
    WorkPattern("remote_night_2_2", "remote", "full", "FULL", "REMOTE", "TWO_ON_TWO_OFF",
                "HOURS_12",
                ("Удалённо, ночные смены по графику 2/2",
                 "Работа из дома в ночную смену, график 2/2 по 12 часов"),
                night=True, shift_cycle=True),
    WorkPattern("morning_5_2", "shift", "full", "FULL", "ON_SITE", "FIVE_ON_TWO_OFF", "HOURS_8",
                ("Утренние смены с 7:00 до 15:00, график 5/2",
                 "Ранняя смена: начало в 7 утра, пять дней в неделю")),
    WorkPattern("shift_3_3", "shift", "full", "FULL", "ON_SITE", "THREE_ON_THREE_OFF", "HOURS_12",
                ("График 3/3, дневные смены по 12 часов", "Три дня работаете — три отдыхаете"),
                shift_cycle=True),
    WorkPattern("part_remote", "remote", "part", "PART", "REMOTE", "FLEXIBLE", "HOURS_4",
                ("Частичная занятость удалённо, от 4 часов в день",
                 "Подработка из дома: от 4 часов в день, график выбираете сами"),
                part_time=True),
    WorkPattern("part_office", "flexible", "part", "PART", "ON_SITE", "FIVE_ON_TWO_OFF", "HOURS_4",
                ("Неполный день: смены от 4 часов в день",
                 "Можно совмещать с учёбой — от 4 часов в день"),
                part_time=True),
    WorkPattern("project", "remote", "project", "PROJECT", "REMOTE", "FLEXIBLE", "OTHER",
                ("Проектная работа удалённо, оплата по договору",
                 "Разовые проекты, удалённо, нагрузку обсуждаем")),
    WorkPattern("internship", "fullDay", "probation", "FULL", "ON_SITE", "FIVE_ON_TWO_OFF",
                "HOURS_8",
                ("Стажировка с последующим трудоустройством, 5/2 по 8 часов",
                 "Оплачиваемая стажировка на три месяца, затем постоянная работа"),
                internship=True),
    WorkPattern("fly_in_fly_out", "flyInFlyOut", "full", "FULL", "ON_SITE", "OTHER", "HOURS_12",
                ("Вахта 30/30 с проживанием и питанием", "Вахтовый метод, смены по 12 часов"),
                fly_in_fly_out=True),
)
PATTERN_INDEX = {p.key: i for i, p in enumerate(PATTERNS)}


@dataclass(frozen=True)
class Sector:
    key: str
    pay_effect_key: str
    blurbs: tuple[str, ...]  # "{name}" is replaced by the employer's short name


SECTORS = (
    Sector("ecommerce", "sector_ecommerce",
           ("{name} — онлайн-площадка, где каждый день оформляют тысячи заказов.",
            "{name} продаёт товары через интернет и доставляет их по всей стране.")),
    Sector("retail", "sector_retail",
           ("{name} — сеть магазинов у дома в нескольких регионах.",
            "{name} — розничная сеть, открываем новые магазины каждый месяц.")),
    Sector("finance", "sector_finance",
           ("{name} — банк для частных клиентов и малого бизнеса.",
            "{name} помогает клиентам с вкладами, кредитами и страховкой.")),
    Sector("it", "sector_it",
           ("{name} делает программные продукты для бизнеса.",
            "{name} — ИТ-компания, наши сервисы работают в облаке круглосуточно.")),
    Sector("edtech", "sector_edtech",
           ("{name} — онлайн-образование для школьников и взрослых.",
            "{name} — образовательная платформа с курсами и наставниками.")),
    Sector("telecom", "sector_telecom",
           ("{name} — оператор связи: мобильная связь, домашний интернет и ТВ.",
            "{name} подключает дома и офисы к быстрому интернету.")),
    Sector("logistics", "sector_logistics",
           ("{name} перевозит и хранит грузы по всей России.",
            "{name} — логистика полного цикла: склады, доставка, пункты выдачи.")),
    Sector("healthcare", "sector_healthcare",
           ("{name} — сеть медицинских центров и аптек.",
            "{name} — клиники и онлайн-консультации врачей.")),
)
SECTOR_INDEX = {s.key: i for i, s in enumerate(SECTORS)}

# (name, sector); every name carries the "(демо)" marker so nobody mistakes it for a real company.
EMPLOYERS = (
    ("Маркетплейс Корзинка (демо)", "ecommerce"),
    ("Интернет-магазин Пиксель (демо)", "ecommerce"),
    ("Онлайн-гипермаркет Полка (демо)", "ecommerce"),
    ("Сервис доставки продуктов Лукошко (демо)", "ecommerce"),
    ("Сеть магазинов Уголок (демо)", "retail"),
    ("Гипермаркеты Семь Ветров (демо)", "retail"),
    ("Магазины у дома Добросед (демо)", "retail"),
    ("Банк Северный (демо)", "finance"),
    ("Банк Меридиан Плюс (демо)", "finance"),
    ("Страховая компания Опора (демо)", "finance"),
    ("Финансовый сервис Копилка (демо)", "finance"),
    ("Облачный сервис Нимбус (демо)", "it"),
    ("Студия разработки Кодвель (демо)", "it"),
    ("Стартап Чатбот Лаб (демо)", "it"),
    ("ИТ-интегратор Сигма Софт (демо)", "it"),
    ("Онлайн-школа Знайка (демо)", "edtech"),
    ("Образовательная платформа Учиум (демо)", "edtech"),
    ("Школа английского Лингвомост (демо)", "edtech"),
    ("Оператор связи Волна (демо)", "telecom"),
    ("Интернет-провайдер Оптолинк (демо)", "telecom"),
    ("Телеком-компания Эфир (демо)", "telecom"),
    ("Транспортная компания Магистраль (демо)", "logistics"),
    ("Служба доставки Быстрый Груз (демо)", "logistics"),
    ("Складской комплекс Терминал-7 (демо)", "logistics"),
    ("Сеть клиник Здравица (демо)", "healthcare"),
    ("Медицинский центр Пульс (демо)", "healthcare"),
    ("Аптечная сеть Ромашка (демо)", "healthcare"),
)
EMPLOYER_ID_START = 9_100_001


@dataclass(frozen=True)
class Role:
    """An occupation: its hh role ids, pay base and how its vacancies are usually posted."""

    key: str
    share: float
    hh_roles: tuple[tuple[str, float], ...]
    base_pay_rub: int  # monthly gross, no experience, neutral sector and region
    experience: tuple[float, float, float, float]  # shares of EXPERIENCE levels
    english: float  # share of vacancies asking for English
    patterns: tuple[tuple[str, float], ...]
    sectors: tuple[tuple[str, float], ...]
    titles: tuple[str, ...]
    remote_titles: tuple[str, ...]  # only used when the vacancy is remote
    duties: tuple[str, ...]
    requirements: tuple[str, ...]
    skills: tuple[str, ...]


_SUPPORT_SECTORS = (("ecommerce", 0.3), ("finance", 0.2), ("it", 0.15), ("edtech", 0.15),
                    ("telecom", 0.15), ("retail", 0.05))
_OFFICE_JOB = (("office", 0.55), ("hybrid", 0.25), ("remote", 0.1), ("part_remote", 0.05),
               ("project", 0.05))

ROLES = (
    Role("chat_operator", 0.30, (("83", 0.6), ("121", 0.25), ("40", 0.15)), 36_000,
         (0.55, 0.38, 0.06, 0.01), 0.12,
         (("office", 0.10), ("hybrid", 0.05), ("remote", 0.22), ("day_2_2", 0.10),
          ("remote_2_2", 0.18), ("night_2_2", 0.05), ("remote_night_2_2", 0.10),
          ("morning_5_2", 0.04), ("shift_3_3", 0.03), ("part_remote", 0.07),
          ("part_office", 0.02), ("internship", 0.04)),
         _SUPPORT_SECTORS,
         ("Оператор чата", "Специалист поддержки в чате", "Менеджер чат-поддержки",
          "Оператор текстовой поддержки", "Специалист службы заботы о клиентах (чат)"),
         ("Оператор онлайн-чата (удалённо)", "Оператор чата на дому"),
         ("Отвечать клиентам в чате приложения и в мессенджерах",
          "Помогать с заказами, оплатой и возвратами",
          "Вести несколько диалогов одновременно по готовым сценариям",
          "Передавать сложные обращения старшим коллегам",
          "Отмечать обращения в CRM и подсказывать, что улучшить в скриптах"),
         ("Грамотная письменная речь без ошибок", "Скорость печати от 200 знаков в минуту",
          "Уверенная работа с компьютером", "Вежливость и стрессоустойчивость"),
         ("Грамотная речь", "Работа в CRM", "Деловая переписка", "Клиентоориентированность",
          "Работа с возражениями", "Jivo", "Usedesk")),
    Role("call_operator", 0.12, (("83", 1.0),), 37_000, (0.6, 0.35, 0.05, 0.0), 0.05,
         (("office", 0.15), ("day_2_2", 0.25), ("night_2_2", 0.10), ("remote_2_2", 0.10),
          ("remote_night_2_2", 0.05), ("morning_5_2", 0.10), ("shift_3_3", 0.05),
          ("remote", 0.08), ("part_office", 0.04), ("part_remote", 0.05), ("internship", 0.03)),
         (("telecom", 0.3), ("finance", 0.3), ("ecommerce", 0.15), ("healthcare", 0.15),
          ("retail", 0.1)),
         ("Оператор call-центра", "Оператор колл-центра на входящие звонки",
          "Специалист контактного центра", "Оператор горячей линии"),
         ("Оператор call-центра (удалённо)",),
         ("Принимать входящие звонки клиентов", "Консультировать по тарифам и услугам",
          "Записывать клиентов и оформлять заявки", "Решать вопросы клиента с первого звонка"),
         ("Чёткая дикция и приятный голос", "Готовность работать по скрипту",
          "Опыт продаж или обслуживания приветствуется"),
         ("Телефонные переговоры", "Работа с входящими звонками", "Активные продажи",
          "Работа в CRM", "Грамотная речь")),
    Role("support_lead", 0.03, (("105", 1.0),), 72_000, (0.0, 0.35, 0.5, 0.15), 0.15,
         (("office", 0.45), ("hybrid", 0.25), ("remote", 0.2), ("day_2_2", 0.1)),
         _SUPPORT_SECTORS,
         ("Руководитель группы поддержки", "Старший смены контактного центра",
          "Тимлид службы поддержки"),
         ("Руководитель группы чат-поддержки (удалённо)",),
         ("Руководить группой из 10–15 операторов", "Составлять графики смен",
          "Следить за SLA и качеством ответов", "Проводить обучение и разбор обращений"),
         ("Опыт руководства группой от года", "Понимание метрик поддержки: SLA, CSAT, FCR",
          "Умение давать обратную связь"),
         ("Управление персоналом", "Планирование смен", "Обучение персонала", "KPI",
          "Анализ метрик поддержки")),
    Role("support_qa", 0.03, (("40", 1.0),), 48_000, (0.1, 0.55, 0.3, 0.05), 0.08, _OFFICE_JOB,
         _SUPPORT_SECTORS,
         ("Специалист по контролю качества обслуживания", "Аналитик качества обслуживания",
          "Специалист отдела контроля качества поддержки"),
         ("Специалист по контролю качества (удалённо)",),
         ("Прослушивать звонки и проверять переписки операторов",
          "Оценивать диалоги по чек-листу", "Готовить отчёты по качеству",
          "Предлагать правки в скрипты"),
         ("Опыт работы в поддержке от года", "Внимательность к деталям",
          "Уверенный Excel или Google Таблицы"),
         ("Контроль качества", "Чек-листы", "Excel", "Аналитика обращений", "Обучение")),
    Role("tech_support", 0.07, (("121", 1.0),), 52_000, (0.3, 0.5, 0.17, 0.03), 0.2,
         (("office", 0.25), ("hybrid", 0.15), ("remote", 0.2), ("day_2_2", 0.1),
          ("remote_2_2", 0.1), ("night_2_2", 0.05), ("remote_night_2_2", 0.05),
          ("internship", 0.05), ("part_remote", 0.05)),
         (("it", 0.4), ("telecom", 0.35), ("finance", 0.1), ("edtech", 0.1), ("ecommerce", 0.05)),
         ("Специалист технической поддержки", "Инженер техподдержки первой линии",
          "Специалист поддержки пользователей"),
         ("Специалист техподдержки (удалённо)",),
         ("Разбирать заявки пользователей в тикет-системе", "Настраивать доступы и рабочие места",
          "Воспроизводить ошибки и передавать их разработчикам",
          "Писать инструкции для пользователей"),
         ("Понимание сетей и ОС Windows/Linux на уровне пользователя",
          "Умение объяснить сложное простыми словами", "Базовый SQL будет плюсом"),
         ("Техническая поддержка", "Jira", "Linux", "Windows", "SQL", "Helpdesk")),
    Role("sales_manager", 0.09, (("70", 1.0),), 55_000, (0.3, 0.5, 0.17, 0.03), 0.08,
         (("office", 0.6), ("hybrid", 0.2), ("remote", 0.1), ("part_office", 0.05),
          ("internship", 0.05)),
         (("finance", 0.2), ("it", 0.15), ("telecom", 0.2), ("logistics", 0.15),
          ("edtech", 0.15), ("retail", 0.15)),
         ("Менеджер по продажам", "Менеджер по работе с клиентами",
          "Менеджер по продажам B2B"),
         ("Менеджер по продажам (удалённо)",),
         ("Искать и привлекать новых клиентов", "Проводить встречи и презентации",
          "Вести сделки от заявки до оплаты", "Выполнять план продаж"),
         ("Опыт продаж от года", "Навыки ведения переговоров", "Нацеленность на результат"),
         ("Активные продажи", "B2B продажи", "Переговоры", "Работа в CRM", "Холодные звонки")),
    Role("courier", 0.07, (("58", 1.0),), 62_000, (0.7, 0.25, 0.05, 0.0), 0.0,
         (("day_2_2", 0.25), ("morning_5_2", 0.15), ("office", 0.3), ("part_office", 0.2),
          ("shift_3_3", 0.1)),
         (("ecommerce", 0.5), ("logistics", 0.3), ("retail", 0.1), ("healthcare", 0.1)),
         ("Курьер", "Пеший курьер", "Курьер на автомобиле компании", "Курьер-экспедитор"),
         (),
         ("Доставлять заказы клиентам по маршруту", "Принимать оплату через терминал",
          "Следить за сохранностью заказов"),
         ("Пунктуальность", "Смартфон на Android или iOS", "Знание города приветствуется"),
         ("Доставка", "Знание города", "Работа с кассой", "Вежливость")),
    Role("accountant", 0.05, (("18", 1.0),), 60_000, (0.05, 0.4, 0.4, 0.15), 0.03, _OFFICE_JOB,
         tuple((s.key, 1 / len(SECTORS)) for s in SECTORS),
         ("Бухгалтер", "Бухгалтер по расчёту заработной платы",
          "Бухгалтер на первичную документацию"),
         ("Бухгалтер (удалённо)",),
         ("Вести первичную документацию", "Рассчитывать заработную плату и отпускные",
          "Сверяться с контрагентами", "Готовить отчётность в срок"),
         ("Опыт работы бухгалтером", "Знание 1С:Бухгалтерия и 1С:ЗУП",
          "Профильное образование"),
         ("1С: Бухгалтерия", "1С: Зарплата и управление персоналом", "Первичная документация",
          "Налоговая отчётность", "Excel")),
    Role("python_developer", 0.05, (("96", 1.0),), 120_000, (0.05, 0.35, 0.45, 0.15), 0.5,
         (("office", 0.15), ("hybrid", 0.35), ("remote", 0.4), ("project", 0.05),
          ("internship", 0.05)),
         (("it", 0.6), ("finance", 0.25), ("ecommerce", 0.1), ("edtech", 0.05)),
         ("Python-разработчик", "Backend-разработчик (Python)", "Разработчик Python / Django"),
         ("Python-разработчик (удалённо)",),
         ("Разрабатывать backend-сервисы и API", "Писать тесты и проводить код-ревью",
          "Оптимизировать запросы к базе данных", "Участвовать в проектировании архитектуры"),
         ("Коммерческий опыт на Python", "Знание PostgreSQL и Docker",
          "Понимание HTTP, REST, очередей сообщений"),
         ("Python", "Django", "FastAPI", "PostgreSQL", "Docker", "Git", "Redis")),
    Role("marketer", 0.04, (("3", 1.0),), 60_000, (0.1, 0.5, 0.3, 0.1), 0.2,
         (("office", 0.3), ("hybrid", 0.3), ("remote", 0.25), ("project", 0.1),
          ("part_remote", 0.05)),
         (("ecommerce", 0.3), ("edtech", 0.25), ("it", 0.2), ("retail", 0.15),
          ("healthcare", 0.1)),
         ("Интернет-маркетолог", "SMM-менеджер", "Маркетолог"),
         ("Маркетолог (удалённо)",),
         ("Вести соцсети и контент-план", "Запускать рекламные кампании",
          "Считать эффективность каналов", "Работать с блогерами и подрядчиками"),
         ("Портфолио с результатами в цифрах", "Знание систем веб-аналитики",
          "Умение писать короткие живые тексты"),
         ("SMM", "Таргетированная реклама", "Контент-маркетинг", "Веб-аналитика", "Копирайтинг")),
    Role("warehouse_worker", 0.07, (("131", 1.0),), 55_000, (0.65, 0.3, 0.05, 0.0), 0.0,
         (("day_2_2", 0.25), ("night_2_2", 0.15), ("shift_3_3", 0.15), ("office", 0.2),
          ("morning_5_2", 0.1), ("fly_in_fly_out", 0.15)),
         (("ecommerce", 0.45), ("logistics", 0.4), ("retail", 0.15)),
         ("Комплектовщик на склад", "Кладовщик-комплектовщик", "Упаковщик заказов",
          "Сотрудник склада"),
         (),
         ("Собирать заказы по терминалу сбора данных", "Упаковывать и маркировать товар",
          "Принимать поставки и размещать товар на стеллажах"),
         ("Ответственность и аккуратность", "Готовность к физической работе",
          "Медицинская книжка или готовность её оформить"),
         ("Складской учёт", "Комплектация заказов", "ТСД", "Упаковка")),
    Role("cashier", 0.08, (("97", 1.0),), 40_000, (0.7, 0.27, 0.03, 0.0), 0.01,
         (("day_2_2", 0.35), ("shift_3_3", 0.1), ("morning_5_2", 0.15), ("office", 0.2),
          ("part_office", 0.15), ("night_2_2", 0.05)),
         (("retail", 0.8), ("healthcare", 0.2)),
         ("Продавец-кассир", "Кассир", "Продавец-консультант"),
         (),
         ("Обслуживать покупателей на кассе", "Выкладывать товар и следить за ценниками",
          "Консультировать по ассортименту"),
         ("Доброжелательность", "Внимательность при работе с деньгами",
          "Опыт не обязателен — всему научим"),
         ("Работа с кассой", "Работа с покупателями", "Выкладка товара", "Мерчандайзинг")),
)

BENEFITS = (
    "Официальное оформление по ТК РФ с первого дня",
    "ДМС после испытательного срока",
    "Оплачиваемое обучение и наставник на старте",
    "Компенсация мобильной связи и интернета",
    "Скидки сотрудникам на продукты компании",
    "Выплаты два раза в месяц без задержек",
    "Понятный карьерный рост до старшего специалиста",
    "Техника для работы выдаётся компанией",
)
PAY_MODE_PHRASES = {"HOUR": "Почасовая оплата, выплаты каждую неделю",
                    "SHIFT": "Оплата за каждую отработанную смену"}


# Wording. `h` is a vacancy's 31 random bits; different slices of it choose different phrases,
# so a vacancy reads the same in every snapshot (cheaper than a random.Random per record).
def _pick(options: tuple[str, ...], k: int, h: int) -> tuple[str, ...]:
    start = h % len(options)
    return (options[start:] + options[:start])[:k]


def title(role: Role, remote: bool, h: int) -> str:
    options = role.titles + role.remote_titles if remote else role.titles
    return options[h % len(options)]


def english_phrase(level: str, h: int) -> str:
    phrases = ENGLISH_PHRASES[level]
    phrase = phrases[h % len(phrases)]
    return phrase[0].upper() + phrase[1:]


def snippet(role: Role, pattern: WorkPattern, english: str | None, h: int) -> dict[str, str]:
    """The two short fragments a search item carries instead of a description."""
    requirement = role.requirements[h // 7 % len(role.requirements)]
    return {
        "requirement": f"{requirement}. {english}." if english else f"{requirement}.",
        "responsibility": f"{role.duties[h // 11 % len(role.duties)]}. "
                          f"{pattern.phrases[h // 13 % len(pattern.phrases)]}.",
    }


def description(role: Role, pattern: WorkPattern, sector: Sector, employer: str,
                english: str | None, pay_mode: str | None, h: int) -> str:
    """hh-style HTML: about the company, duties, requirements, conditions."""
    needs = [*_pick(role.requirements, 3, h >> 6), *([english] if english else [])]
    conditions = [pattern.phrases[(h >> 9) % len(pattern.phrases)]]
    if pay_mode in PAY_MODE_PHRASES:
        conditions.append(PAY_MODE_PHRASES[pay_mode])
    conditions += _pick(BENEFITS, 3, h >> 11)
    about = sector.blurbs[h % len(sector.blurbs)].format(name=employer.removesuffix(" (демо)"))
    return "".join((
        "<p>", about, "</p><p><strong>Чем предстоит заниматься:</strong></p><ul>",
        *(f"<li>{x}</li>" for x in _pick(role.duties, 3 + (h >> 4) % 2, h >> 1)),
        "</ul><p><strong>Что для нас важно:</strong></p><ul>",
        *(f"<li>{x}</li>" for x in needs),
        "</ul><p><strong>Что предлагаем:</strong></p><ul>",
        *(f"<li>{x}</li>" for x in conditions), "</ul>",
    ))


def key_skills(role: Role, h: int) -> tuple[str, ...]:
    return _pick(role.skills, 3 + (h >> 17) % 3, h >> 14)


# hh-shaped objects shared by every generated record; the generator never mutates them.
def _named(id_: str, name: str) -> dict[str, str]:
    return {"id": id_, "name": name}


TYPE_OPEN = _named("open", "Открытая")
AREA_OBJECTS = [{"id": a, "name": n, "url": f"https://api.hh.ru/areas/{a}"} for a, n, _, _ in AREAS]
EMPLOYER_OBJECTS = [
    {"id": str(EMPLOYER_ID_START + i), "name": name,
     "url": f"https://api.hh.ru/employers/{EMPLOYER_ID_START + i}",
     "alternate_url": f"https://hh.ru/employer/{EMPLOYER_ID_START + i}", "logo_urls": None,
     "vacancies_url": f"https://api.hh.ru/vacancies?employer_id={EMPLOYER_ID_START + i}",
     "accredited_it_employer": sector == "it", "trusted": True}
    for i, (name, sector) in enumerate(EMPLOYERS)
]
PROFESSIONAL_ROLE_OBJECTS = {k: _named(k, v) for k, v in PROFESSIONAL_ROLE_NAMES.items()}
EXPERIENCE_OBJECTS = [_named(k, v) for k, v in EXPERIENCE]
PAY_MODE_OBJECTS = [_named(k, v) for k, v in PAY_MODE_NAMES.items()]
# Payout frequency by a 0–9 draw: monthly pay mostly twice a month, hourly and shift pay weekly.
_MONTH_FREQUENCY = ["TWICE_PER_MONTH"] * 6 + ["MONTHLY"] * 3 + [None]
_UNIT_FREQUENCY = ["WEEKLY"] * 5 + ["DAILY"] * 3 + ["TWICE_PER_MONTH"] * 2
FREQUENCY_OBJECTS = [[_named(f, FREQUENCY_NAMES[f]) if f else None for f in fs]
                     for fs in (_MONTH_FREQUENCY, _UNIT_FREQUENCY)]
LANGUAGE_OBJECTS = [{"id": "eng", "name": "Английский", "level": _named(k, v)}
                    for k, v in LANGUAGE_LEVELS]
_PART_TIME = [_named("from_four_to_six_hours_in_a_day", "Неполный день, от 4 до 6 часов")]
PATTERN_LEGACY_FIELDS = [
    {"schedule": _named(p.schedule, SCHEDULE_NAMES[p.schedule]), "working_days": [],
     "working_time_intervals": _PART_TIME if p.part_time else [], "working_time_modes": [],
     "accept_temporary": p.part_time or p.employment == "project",
     "accept_incomplete_resumes": p.part_time,
     "employment": _named(p.employment, EMPLOYMENT_NAMES[p.employment])}
    for p in PATTERNS
]
# Fields of the 2024–2025 hh vacancy-form reform.
PATTERN_NEW_FIELDS = [
    {"fly_in_fly_out_duration": [],
     "work_format": [_named(p.work_format, WORK_FORMAT_NAMES[p.work_format])],
     "working_hours": [_named(p.hours, WORKING_HOURS_NAMES[p.hours])],
     "work_schedule_by_days": [_named(p.by_days, BY_DAYS_NAMES[p.by_days])],
     "night_shifts": p.night,
     "employment_form": _named(p.employment_form, EMPLOYMENT_FORM_NAMES[p.employment_form]),
     "internship": p.internship}
    for p in PATTERNS
]
