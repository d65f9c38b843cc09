"""`k8s-compare report`: what the knowledge-base maintainers should look at next.

How often the bot could answer, where people ask, which rows they ask for, which answers
they rate unhelpful, the questions it could not answer, grouped so that twenty ways of
asking about Helm read as one line, the questions handed to the team (asked, answered, how
fast, still open), and one line per workspace; `--team T...` reports one workspace.
Unanswered questions are user text: everything shown goes through `clean_question`, so a
report pasted into Slack pings nobody.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, func, inspect, make_url, select
from sqlalchemy import text as sql
from sqlalchemy.exc import ArgumentError

from bot.answer import REASON_WHICH_TOPIC, SMALL_TALK
from bot.escalations import EscalationStats, per_team, stats
from bot.store import (
    DATABASE_URL_ENV,
    DatabaseUnavailable,
    Store,
    answers,
    decode_features,
    default_database_url,
    feedback,
)
from bot.text import clean_question, stem, words
from bot.vocabulary import STOPWORDS

DEFAULT_TOP = 10
TYPED_SURFACES = frozenset({"slash", "mention", "dm"})
# a typed message that asked something: a thanks or "ok" after an answer did not
ASKED = (answers.c.reason.is_(None) | answers.c.reason.not_in(SMALL_TALK)).label("asked")
# token_set_ratio of the content words (100 when one question's words hold the other's)
SIMILARITY = 80
EXAMPLES = 2
MAX_DISTINCT_QUESTIONS = 2_000  # the most frequent ones; grouping is quadratic at worst
SHOWN_QUESTION_CHARS = 60
_FIGURE = re.compile(r"^[-\d.,%]+$")


@dataclass(frozen=True)
class PartStats:
    """One part of the knowledge base (a row, or the summary, analogy or table) in a window."""

    topic: str | None
    part: str
    asked: int = 0
    rated: int = 0
    helpful: int = 0

    @property
    def helpful_ratio(self) -> float | None:
        return self.helpful / self.rated if self.rated else None


@dataclass(frozen=True)
class QuestionGroup:
    question: str  # the most asked wording
    count: int
    examples: tuple[str, ...] = ()  # other wordings, most asked first
    members: tuple[tuple[str, int], ...] = ()  # every wording and its count, most asked first


@dataclass(frozen=True)
class DayStats:
    """One UTC day of the window: what the weekly digest's chart draws."""

    day: date
    by_kind: dict[str, int] = field(default_factory=dict)
    questions: int = 0  # typed by a person
    questions_answered: int = 0

    @property
    def answer_rate(self) -> float | None:
        return self.questions_answered / self.questions if self.questions else None


@dataclass(frozen=True)
class WorkspaceStats:
    """One workspace (T...) in the window."""

    team: str
    name: str = ""  # known for workspaces installed through OAuth
    answers: int = 0
    questions: int = 0
    answered: int = 0
    escalations: int = 0


@dataclass(frozen=True)
class Report:
    database: str  # its URL, password hidden: an empty report may mean the wrong database
    since: datetime  # naive UTC, like the store
    until: datetime
    by_surface: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    most_asked: tuple[PartStats, ...] = ()
    helpfulness: tuple[PartStats, ...] = ()  # least helpful first
    unanswered: tuple[QuestionGroup, ...] = ()
    questions: int = 0  # typed by a person (slash, mention, dm): what the answer rate is of
    questions_answered: int = 0
    by_day: tuple[DayStats, ...] = ()  # every day of the window, oldest first
    ratings: int = 0  # helpful / not helpful clicks (one click may rate several rows)
    ratings_helpful: int = 0
    escalations: EscalationStats = EscalationStats()
    workspaces: tuple[WorkspaceStats, ...] = ()  # most answers first
    team: str | None = None  # the one workspace reported, or None for all

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def answered(self) -> int:
        return self.questions_answered

    @property
    def answer_rate(self) -> float | None:
        """Of the questions people typed: Home tab views, welcomes and button clicks are
        answers too, but no one asked them, so they would only flatter the rate."""
        return self.questions_answered / self.questions if self.questions else None


def part_label(kind: str, feature: str = "") -> str:
    """A row by its name; any other kind of answer as `(summary)`, `(analogy)`..."""
    return feature if kind == "row" and feature else f"({kind})"


def build_report(
    store: Store, since: timedelta, now: datetime | None = None, top: int = DEFAULT_TOP,
    team: str | None = None,
) -> Report:
    """Everything recorded in the `since` window up to `now` (default: the store's clock);
    with `team`, that workspace's records only."""
    until = now or store.clock()
    start = until - since
    scope = _Scope(start, until, team)

    def read(connection: Connection) -> Report:
        counts = _answer_counts(connection, scope)
        by_surface, by_kind, typed = Counter(), Counter(), Counter()
        for surface, kind, asked, count in counts:
            by_surface[surface] += count
            by_kind[kind] += count
            _count_typed(typed, surface, kind, asked, count)
        parts = _part_stats(connection, scope)
        return Report(
            store.safe_url, start, until,
            dict(by_surface.most_common()), dict(by_kind.most_common()),
            most_asked=tuple(sorted((p for p in parts if p.asked), key=_by_asked)[:top]),
            helpfulness=tuple(sorted((p for p in parts if p.rated), key=_by_helpfulness)),
            unanswered=tuple(group_questions(_unanswered(connection, scope))[:top]),
            questions=typed["asked"], questions_answered=typed["answered"],
            by_day=_days(connection, scope),
            **_ratings(connection, scope),
            escalations=stats(connection, start, until, team),
            workspaces=_workspaces(connection, scope),
            team=team,
        )

    return store.transaction(read)


def unanswered_groups(store: Store, start: datetime, until: datetime) -> list[QuestionGroup]:
    """The unanswered questions of one window, grouped (what a digest's button shows)."""
    return store.transaction(
        lambda connection: group_questions(_unanswered(connection, _Scope(start, until)))
    )


@dataclass(frozen=True)
class _Scope:
    """What a report reads: a window, and maybe one workspace."""

    start: datetime
    until: datetime
    team: str | None = None

    def of(self, table):
        """The condition selecting `table`'s rows in scope."""
        condition = (table.c.at >= self.start) & (table.c.at < self.until)
        return condition & (table.c.team == self.team) if self.team else condition


def _workspaces(connection: Connection, scope: _Scope) -> tuple[WorkspaceStats, ...]:
    """One line per workspace that asked anything (rows recorded before workspaces were
    recorded have none, and are left out)."""
    query = (
        select(answers.c.team, answers.c.surface, answers.c.kind, ASKED, func.count())
        .where(scope.of(answers) & answers.c.team.is_not(None))
        .group_by(answers.c.team, answers.c.surface, answers.c.kind, ASKED)
    )
    figures: dict[str, Counter] = {}
    for team, surface, kind, asked, count in connection.execute(query):
        counted = figures.setdefault(team, Counter())
        counted["answers"] += count
        _count_typed(counted, surface, kind, asked, count)
    escalated = per_team(connection, scope.start, scope.until)
    names = _workspace_names(connection)
    teams = set(figures) | {t for t in escalated if t}
    if scope.team:
        teams &= {scope.team}
    lines = [WorkspaceStats(team, names.get(team, ""), figures.get(team, Counter())["answers"],
                            figures.get(team, Counter())["asked"],
                            figures.get(team, Counter())["answered"], escalated.get(team, 0))
             for team in teams]
    return tuple(sorted(lines, key=lambda w: (-w.answers, w.team)))


def _workspace_names(connection: Connection) -> dict[str, str]:
    """Names of the workspaces installed through OAuth (slack_sdk's table), if any."""
    if not inspect(connection).has_table("slack_bots"):
        return {}
    query = sql("SELECT team_id, MAX(team_name) FROM slack_bots GROUP BY team_id")
    return {team: name or "" for team, name in connection.execute(query) if team}


def _ratings(connection: Connection, scope: _Scope) -> dict[str, int]:
    query = (
        select(feedback.c.helpful, func.count())
        .where(scope.of(feedback))
        .group_by(feedback.c.helpful)
    )
    counts = {bool(helpful): count for helpful, count in connection.execute(query)}
    return {"ratings": sum(counts.values()), "ratings_helpful": counts.get(True, 0)}


def _days(connection: Connection, scope: _Scope) -> tuple[DayStats, ...]:
    """Answers per UTC day and kind, and the typed questions answered; days with nothing
    recorded are there too, so a chart's days are evenly spaced."""
    start, until = scope.start, scope.until
    query = (
        select(func.date(answers.c.at), answers.c.surface, answers.c.kind, ASKED, func.count())
        .where(scope.of(answers))
        .group_by(func.date(answers.c.at), answers.c.surface, answers.c.kind, ASKED)
    )
    kinds: dict[date, Counter] = {}
    typed: dict[date, Counter] = {}
    for day, surface, kind, asked, count in connection.execute(query):
        day = date.fromisoformat(str(day)[:10])  # SQLite says '2025-03-01', PostgreSQL a date
        kinds.setdefault(day, Counter())[kind] += count
        _count_typed(typed.setdefault(day, Counter()), surface, kind, asked, count)
    last = (until - timedelta(microseconds=1)).date()
    days = [start.date() + timedelta(days=n) for n in range((last - start.date()).days + 1)]
    return tuple(
        DayStats(day, dict(kinds.get(day, Counter()).most_common()),
                 typed.get(day, Counter())["asked"], typed.get(day, Counter())["answered"])
        for day in days
    )


def _by_asked(part: PartStats) -> tuple:
    return (-part.asked, part.topic or "", part.part)


def _by_helpfulness(part: PartStats) -> tuple:
    return (part.helpful_ratio, -part.rated, part.topic or "", part.part)


def _answer_counts(connection: Connection, scope: _Scope) -> list[tuple]:
    query = (
        select(answers.c.surface, answers.c.kind, ASKED, func.count())
        .where(scope.of(answers))
        .group_by(answers.c.surface, answers.c.kind, ASKED)
    )
    return list(connection.execute(query))


def _count_typed(counted: Counter, surface: str, kind: str, asked: bool, count: int) -> None:
    """The questions people typed, and how many got an answer: what the answer rate is of."""
    if surface in TYPED_SURFACES and asked:
        counted["asked"] += count
        counted["answered"] += count if kind != "none" else 0


def _part_stats(connection: Connection, scope: _Scope) -> list[PartStats]:
    """Row answers and feedback counted per row; a multi-row answer counts for each row."""
    asked, rated, helpful = Counter(), Counter(), Counter()
    query = (
        select(answers.c.topic, answers.c.features, func.count())
        .where(scope.of(answers) & (answers.c.kind == "row"))
        .group_by(answers.c.topic, answers.c.features)
    )
    for topic, features, count in connection.execute(query):
        for feature in decode_features(features):
            asked[topic, feature] += count
    query = (
        select(feedback.c.kind, feedback.c.topic, feedback.c.features, feedback.c.helpful,
               func.count())
        .where(scope.of(feedback))
        .group_by(feedback.c.kind, feedback.c.topic, feedback.c.features, feedback.c.helpful)
    )
    for kind, topic, features, is_helpful, count in connection.execute(query):
        for label in [part_label(kind, f) for f in decode_features(features)] or [part_label(kind)]:
            rated[topic, label] += count
            helpful[topic, label] += count if is_helpful else 0
    return [
        PartStats(topic, label, asked[topic, label], rated[topic, label], helpful[topic, label])
        for topic, label in asked.keys() | rated.keys()
    ]


def _unanswered(connection: Connection, scope: _Scope) -> list[tuple[str, int]]:
    query = (
        select(answers.c.question, func.count().label("n"))
        .where(scope.of(answers) & (answers.c.kind == "none"))
        .where(answers.c.question.is_not(None))
        .where(answers.c.reason.is_(None) | (answers.c.reason != REASON_WHICH_TOPIC))
        .group_by(answers.c.question)
        .order_by(func.count().desc(), answers.c.question)
        .limit(MAX_DISTINCT_QUESTIONS)
    )
    return [(question, count) for question, count in connection.execute(query)]


def questions_to_learn_from(store: Store, start: datetime,
                            until: datetime) -> list[tuple[str, int]]:
    """(question, times) of the unanswered questions and of those whose answer was rated
    "Not helpful": what `kb suggest` proposes knowledge for."""

    scope = _Scope(start, until)

    def read(connection: Connection) -> list[tuple[str, int]]:
        unhelpful = (
            select(feedback.c.question, func.count().label("n"))
            .where(scope.of(feedback) & feedback.c.helpful.is_(False))
            .where(feedback.c.question.is_not(None))
            .group_by(feedback.c.question)
            .limit(MAX_DISTINCT_QUESTIONS)
        )
        rated = [(question, count) for question, count in connection.execute(unhelpful)]
        return _unanswered(connection, scope) + rated

    return store.transaction(read)


def similarity_key(question: str) -> str:
    """The question's content words, stemmed: "how do I install helm" and "helm install
    help" share "instal helm", while "what is helm" and "what is a pod" share nothing."""
    content = [stem(word) for word in words(question) if word not in STOPWORDS]
    return " ".join(content) or question.casefold()


def group_questions(
    counted: list[tuple[str, int]], threshold: int = SIMILARITY
) -> list[QuestionGroup]:
    """Leader clustering: the most asked question not yet grouped takes every remaining
    question similar to it. Biggest groups first."""
    merged = Counter()
    for question, count in counted:
        shown = clean_question(question)
        if shown:
            merged[shown] += count
    remaining = {text: similarity_key(text) for text, _ in merged.most_common()}
    groups = []
    while remaining:
        leader, key = next(iter(remaining.items()))
        similar = process.extract(
            key, remaining, scorer=fuzz.token_set_ratio, score_cutoff=threshold, limit=None
        )
        members = sorted({leader, *(text for _, _, text in similar)}, key=lambda t: (-merged[t], t))
        for text in members:
            del remaining[text]
        others = tuple(t for t in members if t != leader)[:EXAMPLES]
        counted_members = tuple((t, merged[t]) for t in members)
        groups.append(
            QuestionGroup(leader, sum(merged[t] for t in members), others, counted_members)
        )
    return sorted(groups, key=lambda g: (-g.count, g.question))


def report_json(report: Report) -> dict:
    """The `--json` shape: one object, stable keys, ratios as fractions (null when unknown)."""

    def part(stats: PartStats) -> dict:
        return {**asdict(stats), "helpful_ratio": stats.helpful_ratio}

    return {
        "database": report.database,
        "since": report.since.isoformat() + "Z",
        "until": report.until.isoformat() + "Z",
        "answers": report.total,
        "questions": report.questions,
        "answered": report.answered,
        "answer_rate": report.answer_rate,
        "by_surface": report.by_surface,
        "by_kind": report.by_kind,
        "most_asked": [part(p) for p in report.most_asked],
        "helpfulness": [part(p) for p in report.helpfulness],
        "unanswered": [
            {"question": g.question, "count": g.count, "examples": list(g.examples)}
            for g in report.unanswered
        ],
        "team": report.team,
        "escalations": {
            "asked": report.escalations.asked, "answered": report.escalations.answered,
            "median_minutes_to_first_reply": report.escalations.median_minutes,
            "still_open": report.escalations.still_open,
        },
        "workspaces": [asdict(w) for w in report.workspaces],
    }


def format_report(report: Report) -> str:
    """Plain-text tables, readable in a terminal and pasteable into Slack as a code block."""
    several_topics = len({p.topic for p in report.most_asked + report.helpfulness}) > 1

    def name(stats: PartStats) -> str:
        return f"{stats.topic}: {stats.part}" if several_topics else stats.part

    total = report.total
    scope = f", workspace {report.team}" if report.team else ""
    lines = [
        f"k8s-compare report, {report.since:%Y-%m-%d %H:%M} to {report.until:%Y-%m-%d %H:%M} "
        f"UTC{scope}",
        f"database: {report.database}",
        "",
        f"answers: {total:,}; questions people typed: {report.questions:,}, answered: "
        f"{report.answered:,}, answer rate: {_percent(report.answered, report.questions)}",
        "",
        *_table("By surface", ("surface", "answers", "share"),
                [(s, f"{n:,}", _percent(n, total)) for s, n in report.by_surface.items()]),
        *_table("By kind", ("kind", "answers", "share"),
                [(k, f"{n:,}", _percent(n, total)) for k, n in report.by_kind.items()]),
        *_table("Most-asked rows", ("row", "asked"),
                [(name(p), f"{p.asked:,}") for p in report.most_asked]),
        *_table("Helpful ratio per row, least helpful first", ("row", "rated", "helpful", "ratio"),
                [(name(p), f"{p.rated:,}", f"{p.helpful:,}", _percent(p.helpful, p.rated))
                 for p in report.helpfulness]),
        *_table("Top unanswered questions (kind none), similar ones grouped",
                ("count", "question", "also asked as"),
                [(f"{g.count:,}", _shorten(g.question), "; ".join(map(_shorten, g.examples)))
                 for g in report.unanswered]),
        *escalation_lines(report.escalations),
        *workspace_lines(report.workspaces),
    ]
    return "\n".join(lines).rstrip()


def workspace_lines(workspaces: tuple[WorkspaceStats, ...]) -> list[str]:
    """One line per workspace; none when nothing recorded which workspace asked."""
    if not workspaces:
        return []
    return _table("By workspace", ("workspace", "name", "answers", "questions", "answer rate",
                                   "asked the team"),
                  [(w.team, w.name or "-", f"{w.answers:,}", f"{w.questions:,}",
                    _percent(w.answered, w.questions), f"{w.escalations:,}")
                   for w in workspaces])


def escalation_lines(figures: EscalationStats) -> list[str]:
    """Ask the team: asked, answered, median time to the first expert reply, still open."""
    if not figures.asked:
        return ["Asked the team", "  (nothing asked)", ""]
    return ["Asked the team",
            f"  asked: {figures.asked:,}; answered: {figures.answered:,}; median time to the "
            f"first expert reply: {minutes(figures.median_minutes)}; still open: "
            f"{figures.still_open:,}", ""]


def minutes(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 90:
        return f"{value:.0f} min"
    return f"{value / 60:.1f} h"


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def _shorten(text: str) -> str:
    text = clean_question(text)
    if len(text) <= SHOWN_QUESTION_CHARS:
        return text
    return text[: SHOWN_QUESTION_CHARS - 1].rstrip() + "…"


def _table(title: str, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """A titled table; columns of figures are right-aligned, text left-aligned."""
    if not rows:
        return [title, "  (nothing recorded)", ""]
    widths = [max(map(len, column)) for column in zip(headers, *rows, strict=True)]
    figures = [all(_FIGURE.match(cell) for cell in column) for column in zip(*rows, strict=True)]

    def line(cells: tuple[str, ...]) -> str:
        aligned = (c.rjust(w) if f else c.ljust(w) for c, w, f in zip(cells, widths, figures,
                                                                      strict=True))
        return ("  " + "  ".join(aligned)).rstrip()

    return [title, line(headers), line(tuple("-" * w for w in widths)), *map(line, rows), ""]


def database_url(value: str | None) -> str:
    """`--database` as a URL: a URL as given, a file path as that SQLite file's URL (the
    default database is one), or else $K8S_COMPARE_DATABASE_URL or the default file."""
    if not value:
        return default_database_url()
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _unreadable(url: str) -> str:
    """Why `url` cannot be the bot's database, or "": a mistyped SQLite path would otherwise
    be created empty and reported as "nothing recorded"."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return (f"{DATABASE_URL_ENV} / --database is not a database URL: use a URL such as "
                "sqlite:////data/k8s-compare.sqlite3 or postgresql://user:password@host/db, "
                "or give --database the path of the SQLite file")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        return (f"{parsed.get_backend_name()}:// is not a database the bot records in: it uses "
                "SQLite or PostgreSQL (sqlite:///path or postgresql://user:password@host/db)")
    database = parsed.database or ""
    is_file = parsed.get_backend_name() == "sqlite" and database not in ("", ":memory:")
    if is_file and not Path(database).exists():
        return f"no database at {database} (nothing recorded there yet, or a wrong path)"
    return ""


class ReportError(Exception):
    """The report cannot be read: one line saying why."""


def open_store(database: str | None) -> Store:
    """The bot's database named by `--database` (or the default), for reading; ReportError
    when it is not there or not a database URL."""
    url = database_url(database)
    problem = _unreadable(url)
    if problem:
        raise ReportError(problem)
    try:
        return Store(url, record_questions=False)
    except ImportError as exc:  # the URL's driver (psycopg) is not installed
        raise ReportError(f"cannot open {url.split('://')[0]}:// databases here ({exc}); "
                          'install the PostgreSQL driver: pip install -e ".[postgres]"') from exc


def read_report(args: argparse.Namespace) -> Report:
    """The report `args` ask for (`--database`, `--since`, `--top`); ReportError if the
    database cannot be read."""
    with store_alarms_unsaid():
        store = open_store(args.database)
        try:
            return build_report(store, args.since, top=args.top,
                                team=getattr(args, "team", None))
        except DatabaseUnavailable as exc:
            raise ReportError(f"cannot read the database {store.safe_url}: {exc}") from exc
        finally:
            store.close()


@contextmanager
def store_alarms_unsaid() -> Iterator[None]:
    """While a command reads the database: its one error line says what failed; the running
    bot's outage alarm ("answers still go out...") would only confuse it."""
    alarms = logging.getLogger("bot.store")
    level = alarms.level
    alarms.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        alarms.setLevel(level)


def run_report(args: argparse.Namespace) -> int:
    """`k8s-compare report`: print the report; exit status 1 if the database cannot be read."""
    try:
        report = read_report(args)
    except ReportError as exc:
        print(f"k8s-compare: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report_json(report), ensure_ascii=False))
    else:
        print(format_report(report))
    return 0
