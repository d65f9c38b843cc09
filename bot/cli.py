"""The `k8s-compare` command: ask, eval, kb import|check|list, serve.

Answering in the terminal must stay fast to start, so nothing here imports Slack
libraries until `serve` is run.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from datetime import timedelta
from pathlib import Path

from bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge, load_topic

EXIT_OK, EXIT_ERROR = 0, 1
KNOWLEDGE_SUFFIX = ".yaml"
_DURATION = re.compile(r"^\s*(\d+)\s*([dhm])\s*$", re.IGNORECASE)
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""


def _load(directory: str | None) -> KnowledgeBase:
    return load_knowledge(Path(directory) if directory else None)


# why `ask --explain` says the bot replied as it did, for a maintainer mending a decline
DECISIONS = {
    "": "answered (the evidence above decided it)",
    "out_of_scope": "declined: nothing above shows a table answers it",
    "related": "declined: it shares a table's words, but no row answers what it asks",
    "unsure": "offered choices: no row stands out enough to answer on its own",
    "which_topic": "asked which comparison: more than one fits as well",
}


def cmd_ask(args: argparse.Namespace) -> int:
    from bot.matcher import Matcher
    from bot.render.text import render

    kb = _load(args.knowledge)
    matcher = Matcher(kb)
    if args.question == ["-"]:  # one answer a line; with --json a blank one too, so that
        questions = (line.rstrip("\r\n") for line in sys.stdin  # outputs pair with inputs
                     if args.json or line.strip())  # (in text, a list's blank separators
        # printed the help once each)
    else:
        questions = iter([" ".join(args.question)])
    width = min(100, shutil.get_terminal_size((80, 24)).columns)
    for index, question in enumerate(questions):
        answer = matcher.match(question)
        if args.json:
            shown = answer.as_json()
            if args.explain:
                shown["explain"] = [list(item) for item in matcher.explain(question)]
            print(json.dumps(shown, ensure_ascii=False), flush=args.question == ["-"])
            continue
        if index:
            print()
        print(render(answer, kb, width))
        if args.explain:
            evidence = matcher.explain(question)
            wide = max((len(what) for what, _, _ in evidence), default=0)
            for what, phrase, weight in evidence:
                print(f"  {what:<{min(max(24, wide), 56)}} {phrase:<34} {weight:5.2f}")
            print(f"  decided: {decided(answer, evidence, len(kb.topics))}")
        if args.question != ["-"] and sys.stdin.isatty():
            chosen = choose(answer, matcher, input)
            if chosen is not None:
                print()
                print(render(chosen, kb, width))
    return EXIT_OK


def decided(answer, evidence: list[tuple[str, str, float]], tables: int) -> str:
    """The last line of `ask --explain`: what the bot did and, for an answer, which rows of
    which table, what named that table, and that the ranker weighs every line together (a
    law firm's reviewer saw the strongest line point to one row and the answer be another,
    and could not tell what to tune)."""
    if answer.reason or answer.kind != "row" or answer.topic is None:
        why = any(what == "not this table" for what, _, _ in evidence)
        return DECISIONS.get(answer.reason, answer.kind) + (
            " ('not this table' lines say why)" if why and answer.reason in
            ("out_of_scope", "related") else "")
    where = f" (in {answer.topic.id})" if tables > 1 else ""
    naming = list(dict.fromkeys(phrase for what, phrase, _ in evidence
                                if what == f"subject{where}"))
    said = f"answered with {', '.join(answer.features)} from {answer.topic.title}" + (
        f", named by '{', '.join(naming)}'" if naming else "")
    rows = [what for what, phrase, _ in evidence if what.endswith(where)  # words, not
            and not phrase.startswith("meaning")  # meaning: the lines a maintainer tunes
            and what.removesuffix(where) not in ("subject", "summary", "analogy", "table",
                                                 "help", "word", "not this table")]
    if rows and rows[0].removesuffix(where) not in answer.features:
        said += (f"; the strongest line of that table's words is {rows[0]}, but the ranker "
                 "weighs every line of the table together (its words, names and meaning): "
                 "an example on the row you want is the surest mend")  # ("of that table's":
        # a service desk's reviewer read it against another table's stronger lines above)
    return said


def choose(answer, matcher, read) -> object | None:
    """The numbered choice under a reply that offers some ("Pick 1-3"): the answer picked,
    or None (Enter, anything else, or no choices)."""
    if answer.kind != "none" or not answer.suggestions:
        return None
    try:
        picked = read(f"Pick 1-{len(answer.suggestions)} (Enter to skip): ").strip()
    except (EOFError, KeyboardInterrupt):
        return None
    if not picked.isdigit() or not 1 <= int(picked) <= len(answer.suggestions):
        if picked:  # said, rather than ending as if the pick had been taken
            print(f"{picked[:20]!r} is not one of 1-{len(answer.suggestions)}: nothing shown")
        return None
    return matcher.lookup(answer.suggestions[int(picked) - 1], answer.question)


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluate import EvalFileError, evaluate, format_report, load_questions
    from bot.matcher import Matcher

    if args.min is not None and not 0 <= args.min <= 1:
        raise CliError(f"--min is an accuracy from 0 to 1 (0.95 for 95%), not {args.min:g}")
    try:
        questions = load_questions(Path(args.file))
    except EvalFileError as exc:
        raise CliError(str(exc)) from exc
    kb = _load(args.knowledge)
    unknown = sorted({q.topic for q in questions if q.topic} - {t.id for t in kb.topics})
    if unknown:
        raise CliError(f"{args.file}: topic {', '.join(map(repr, unknown))} is no loaded "
                       f"comparison (loaded: {', '.join(t.id for t in kb.topics)})")
    rows = {r.feature for t in kb.topics for r in t.rows}
    unnamed = sorted({name for q in questions for name in (*q.accept, *q.all)} - rows)
    if unnamed:  # a misspelt row would count its questions as misses, silently
        raise CliError(f"{args.file}: accept/all name {', '.join(map(repr, unnamed[:5]))}, "
                       "which no loaded comparison has as a row (`k8s-compare kb list` shows them)")
    report = evaluate(questions, Matcher(kb).match)
    print(format_report(report))
    if args.min is not None and report.accuracy < args.min:
        print(f"accuracy {report.accuracy:.1%} is below --min {args.min:.1%}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def cmd_kb_import(args: argparse.Namespace) -> int:
    from bot.tableimport import TableImportError, import_table

    table = Path(args.table)
    output = Path(args.output) if args.output else None
    if output is not None and output.suffix != KNOWLEDGE_SUFFIX:
        # The bot and `kb check` read *.yaml only: a .yml file would be silently ignored.
        raise CliError(
            f"{output}: knowledge files end in {KNOWLEDGE_SUFFIX} (the bot reads *.yaml only); "
            f"use -o {output.with_suffix(KNOWLEDGE_SUFFIX)}"
        )
    import yaml

    try:  # aliases the file already had were looked over (or added) by a maintainer
        known = set(_proposed_names(output.read_text("utf-8"))) if output and (
            output.exists()) else set()
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError):
        known = set()  # (a broken file: the import says so below)
    try:
        text = import_table(table, output, sheet=args.sheet)
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {table}: {exc}") from exc
    except TableImportError as exc:
        raise CliError(f"{table}: {exc}") from exc
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        output.parent.mkdir(parents=True, exist_ok=True)  # -o new-knowledge/x.yaml
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from exc
    print(f"wrote {output} from {table}", file=sys.stderr)
    for note in (line[2:] for line in text.splitlines() if line.startswith("# note: ")):
        print(note, file=sys.stderr)  # what the import read differently from the page
    topic = load_topic(output)[0]  # a missing summary or analogy, said now, not only by
    for note in _check_notes([topic] if topic else []):  # `kb check` (a research group's
        print(f"note: {note}", file=sys.stderr)  # reviewer: "tl;dr" got its Command row)
    proposed = {name: of for name, of in _proposed_names(text).items() if name not in known}
    if proposed:
        names = "other name" if len(proposed) == 1 else "other names"
        if known:
            names = "new " + names
        shown = [f"{name} for {of}" for name, of in list(proposed.items())[:6]]
        print(f"{len(proposed)} {names} under `aliases:` ({', '.join(shown)}"
              f"{', ...' if len(proposed) > 6 else ''}): keep the ones people type, delete "
              "the rest", file=sys.stderr)
    _warn_of_words_other_tables_use(proposed, text, output)
    return EXIT_OK


def _warn_of_words_other_tables_use(proposed: dict[str, str], text: str, output: Path) -> None:
    """A line for each name a question could take to the wrong table, naming both files and
    the one edit to make (a support team's reviewer could not tell which file "it", "this"
    and "that" meant)."""
    from bot.text import stem

    for name, files in _names_other_tables_use(proposed, output):
        uses = "use" if ", " in files else "uses"
        print(f"'{name}', proposed here, is a word {files} {uses} too: a question saying it "
              f"comes to {output.name}, even one about {files}; delete it here where that is "
              "wrong", file=sys.stderr)
    taken, named = _words_other_tables_name_by(text, output)
    named_stems = {(stem(word.casefold()), other) for word, _, other, _ in named}
    for alias, subject, other, place in taken:
        if (stem(alias.casefold()), other) in named_stems:
            continue  # said once, below: deleting the alias ("CPM", "containers") would not
            # keep the word from naming that subject ("CPM (cost per mille)", "Container")
        print(f"'{alias}' is another name of {subject} in {other}, and this table says it "
              f"({place}): a question saying it goes to {other}; delete that alias in {other} "
              "if your people mean this table's", file=sys.stderr)
    by_file: dict[str, list[tuple[str, ...]]] = {}
    for found in named:  # each word once ("CPM", the alias, and "cpm", the name's word)
        if all(stem(found[0].casefold()) != stem(seen[0].casefold())
               for seen in by_file.get(found[2], [])):
            by_file.setdefault(found[2], []).append(found)
    for other, found in by_file.items():
        if len(found) == 1:
            word, subject, _, place = found[0]
            print(f"'{word}' is the name of {subject} in {other}, and this table says it "
                  f"({place}): a question saying it may go to {other}; leave {other} out of "
                  f"the directory if your people never mean {subject}", file=sys.stderr)
            continue  # several: one line (an admissions office was given eleven)
        words_ = ", ".join(f"'{word}'" for word, *_ in found)
        places = ", ".join(dict.fromkeys(place for *_, place in found))
        print(f"{words_} name subjects of {other}, and this table says them ({places}): a "
              f"question saying one may go to {other}", file=sys.stderr)


def _words_other_tables_name_by(text: str, output: Path) -> tuple[list[tuple[str, ...]],
                                                                list[tuple[str, ...]]]:
    """The aliases other knowledge files beside `output` give their subjects whose words this
    table uses ("cluster" of the shipped Kubernetes Cluster, beside an EKS vs GKE table: "how
    do i upgrade the cluster" went to the container table); and the one-word names of their
    subjects that it uses (a warehouse's "container", a kitchen's: no alias to delete, so
    the file is what to leave out; not "online" of "SharePoint Online", which names nothing
    alone). Each as (word, subject, file, where this table says it)."""
    import yaml

    from bot.text import stem, two_names, words
    from bot.vocabulary import STOPWORDS

    data = yaml.safe_load(text) or {}
    where: dict[str, str] = {}  # a word's stem -> where this table first says it
    whole_names = []  # a subject's one-word name another table's subject may have too
    for s in data.get("subjects", []):  # a subject's words first ("AKE (LD3) container":
        if isinstance(s, dict):  # the shipped "Container" took "what is a container"; an
            for n in (s.get("name", ""), *(s.get("aliases") or [])):  # airline's reviewer)
                for w in words(str(n)):
                    where.setdefault(stem(w), f"subject {s.get('name', '')}")
                whole_names.append(words(re.sub(r"\([^)]*\)", " ", str(n))))
    for row in data.get("rows", []):
        for part in (row.get("feature", ""), *row.get("cells", [])):
            for w in words(str(part)):
                where.setdefault(stem(w), f"row {row.get('feature', '')}")
    for w in words(str(data.get("title", ""))):  # "... on Hopper (our Slurm cluster)"
        where.setdefault(stem(w), "title")
    for named in whole_names:  # a whole name both tables give a subject names both: the
        if len(named) == 1:  # question's other words choose (not one in a bracket's aside:
            where.pop(stem(named[0]), None)  # "ULD (container) loading")
    aliases, names, named_so = [], [], []
    for other, other_text in _other_knowledge_files(output):
        try:
            subjects = (yaml.safe_load(other_text) or {}).get("subjects", [])
        except (yaml.YAMLError, AttributeError):
            continue
        subjects = [s if isinstance(s, dict) else {"name": s} for s in subjects]
        for s in subjects:
            own = {n.casefold() for n in two_names(str(s.get("name", "")))}
            for alias in s.get("aliases") or []:
                said = [stem(w) for w in words(str(alias))]
                if said and all(w in where for w in said):  # ("ED" of "Early Decision (ED)"
                    found = (str(alias), str(s.get("name")), other.name, where[said[0]])
                    (named_so if str(alias).casefold() in own else aliases).append(found)
                    # (is its name: deleting the alias would not change where "ED" goes)
        name_words = [set(words(str(s.get("name", "")))) for s in subjects]
        shared = set.intersection(*name_words) if name_words else set()  # "user" of
        for s, theirs in zip(subjects, name_words, strict=True):  # /home/$USER and
            name = str(s.get("name", ""))  # /scratch/$USER is neither's
            if len((two_names(name) or [name])[0].split()) != 1:
                continue  # ("Online" of "SharePoint Online (SP / M365)" names nothing alone)
            theirs &= {w for n in (two_names(name) or [name]) if len(said := words(n)) == 1
                       for w in said}  # "cancel" of "Cancel (24h+ notice)", not "notice"
            names += [(word, name, other.name, where[stem(word)]) for word in sorted(
                theirs - shared) if stem(word) in where and word not in STOPWORDS and len(word) > 2]
    return aliases, names + named_so


def _names_other_tables_use(names, output: Path) -> list[tuple[str, str]]:
    """The proposed names whose words the other knowledge files beside `output` use ("prod"
    beside a table whose cells say "prod"), each with those files: such a name takes their
    questions."""
    from bot.text import words

    files = [(other.name, _said_in(text)) for other, text in _other_knowledge_files(output)]
    return [(name, ", ".join(f for f, used in files if f" {' '.join(said)} " in used))
            for name in names if (said := words(name))
            and any(f" {' '.join(said)} " in used for _, used in files)]


def _said_in(text: str) -> str:
    """What a knowledge file's table says (its names, cells, summary, analogy and examples),
    a text at a time as its words, each between spaces, so that a name is found as the
    phrase it is ("Type 1" is not said by "the right head for the type" and "1 wing
    walker", a ramp team's false warning); not its comments or its `source:` file name
    ("md" of "....md" was a word the shipped table "uses", a school's reviewer found)."""
    import yaml

    from bot.text import words
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        return set()
    data = data if isinstance(data, dict) else {}

    def strings(node) -> list[str]:
        if isinstance(node, dict):
            return [s for key, value in node.items() if key != "source" for s in strings(value)]
        if isinstance(node, list):
            return [s for item in node for s in strings(item)]
        return [str(node)] if node is not None else []
    return " | ".join(f" {' '.join(words(s))} " for s in strings(data))


def _other_knowledge_files(output: Path):
    """(path, text) of each readable knowledge file beside `output`, but itself."""
    for other in sorted(output.parent.glob(f"*{KNOWLEDGE_SUFFIX}")):
        if other.resolve() != output.resolve():
            try:
                yield other, other.read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                continue


def _proposed_names(text: str) -> dict[str, str]:
    """The aliases a knowledge file gives its subjects and rows, in order, each with the
    name it stands for: what a maintainer should look over after an import ("AI" for
    Artist Income answers questions about AI)."""
    import yaml

    data = yaml.safe_load(text) or {}
    return {alias: item.get("name") or item.get("feature")
            for item in [*data.get("subjects", []), *data.get("rows", [])]
            if isinstance(item, dict) for alias in item.get("aliases") or []}


def cmd_kb_check(args: argparse.Namespace) -> int:
    directory = args.directory or args.directory_option
    topics = _topics_to_check(Path(directory) if directory else None)
    rows = sum(len(t.rows) for t in topics)
    print(f"ok: {len(topics)} comparison(s), {rows} rows")
    for note in _check_notes(topics):
        print(f"note: {note}")
    return EXIT_OK


def _check_notes(topics) -> list[str]:
    """Valid files that are worth a maintainer's line: a comparison of one row, what a
    newcomer asking for a missing summary or analogy gets instead (a pasted table often has
    neither), and one comparison kept in two files (every question about it would ask
    which)."""
    notes = []
    for topic in topics:
        if len(topic.rows) == 1:  # a page's table cut short: every question got that row
            notes.append(f"{topic.title} has one row ({topic.rows[0].feature}): every question "
                         "about it gets that row; if the page's table has more, check what the "
                         "import read (a city council's PDF table kept 1 row of 13)")
        if not topic.summary and topic.rows:
            notes.append(f"{topic.title} has no summary: \"what's the difference?\" shows its"
                         f" first row ({topic.rows[0].feature}); add `summary:` to say it your way")
        if not topic.analogy:
            notes.append(f"{topic.title} has no analogy: \"give me an analogy\" says there is"
                         " none yet; add `analogy:` (\"Think of ... as ...\")")
    same: dict[str, list] = {}
    for topic in topics:
        same.setdefault(topic.title.casefold(), []).append(topic)
    notes += [f"{' and '.join(t.id for t in copies)} are both {copies[0].title}: questions "
              "about it will ask which one" for copies in same.values() if len(copies) > 1]
    return notes


def _topics_to_check(target: Path | None) -> list:
    """Every *.yaml of a directory, or one knowledge file (what a person just wrote)."""
    if target is None or target.is_dir():
        return list(_load(str(target) if target else None).topics)
    if not target.exists():
        raise CliError(f"{target}: no such knowledge file or directory")
    if target.suffix != KNOWLEDGE_SUFFIX:
        raise CliError(f"{target}: the bot reads *{KNOWLEDGE_SUFFIX} files only; rename it "
                       f"to {target.with_suffix(KNOWLEDGE_SUFFIX).name}")
    topic, problems = load_topic(target)
    if problems:
        raise KnowledgeError(problems)
    return [topic]


def cmd_kb_list(args: argparse.Namespace) -> int:
    for topic in _load(args.directory or args.directory_option).topics:
        subjects = " | ".join(s.name for s in topic.subjects)
        print(f"{topic.id}: {topic.title} ({subjects})")
        for row in topic.rows:
            print(f"  - {row.feature}")
    return EXIT_OK


def cmd_kb_suggest(args: argparse.Namespace) -> int:
    """Propose examples and out-of-scope terms from what people asked; print the patch, or
    apply it with --write."""
    from bot.knowledge import default_knowledge_dir
    from bot.matcher import Matcher
    from bot.report import ReportError, open_store, store_alarms_unsaid
    from bot.store import DatabaseUnavailable
    from bot.suggest import describe, knowledge_patch, suggest, unified_diff

    directory = Path(args.knowledge) if args.knowledge else default_knowledge_dir()
    kb = _load(str(directory))
    with store_alarms_unsaid():
        try:
            store = open_store(args.database)
        except ReportError as exc:
            raise CliError(str(exc)) from exc
        try:
            proposals = suggest(store, Matcher(kb), args.since)
        except DatabaseUnavailable as exc:
            raise CliError(f"cannot read the database {store.safe_url}: {exc}") from exc
        finally:
            store.close()
    if not proposals:
        print("nothing to suggest: no unanswered or unhelpful questions in that window",
              file=sys.stderr)
        return EXIT_OK
    changed = knowledge_patch(directory, kb, proposals)
    if args.write:
        for path, text in changed.items():
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}", file=sys.stderr)
        return EXIT_OK
    print(describe(proposals))
    sys.stdout.write(unified_diff(changed))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    if args.post is not None:
        if args.json:
            raise CliError("--post sends the digest to Slack, --json prints it: choose one")
        if not args.post.strip():
            raise CliError("--post needs a channel ID, like C0123456789")
        from bot.slack.digest import post_report

        return post_report(args)
    from bot.report import run_report

    return run_report(args)


def parse_duration(text: str) -> timedelta:
    """`7d`, `12h` or `30m` as a timedelta."""
    found = _DURATION.match(text)
    if not found or int(found.group(1)) == 0:
        raise ValueError(f"{text!r} is not a duration like 7d, 12h or 30m")
    return timedelta(**{_UNITS[found.group(2).lower()]: int(found.group(1))})


def _duration_argument(text: str) -> timedelta:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _positive_count(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a count of 1 or more")
    return int(text)


def _team_argument(text: str) -> str:
    value = text.strip().upper()
    if not re.fullmatch(r"[TE][A-Z0-9]{2,30}", value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a workspace ID like T0123ABCD")
    return value


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """`report`'s options, defined here so that building the parser imports no database code."""
    parser.add_argument("--since", default=timedelta(days=7), type=_duration_argument,
                        metavar="DURATION", help="how far back to look: Nd, Nh or Nm (default: 7d)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--top", type=_positive_count, default=10, metavar="N",
                        help="rows and question groups to list (default: 10)")
    parser.add_argument("--post", metavar="CHANNEL",
                        help="post the digest to this Slack channel (its ID) as a message with "
                             "a chart; needs SLACK_BOT_TOKEN and the bot in the channel")
    parser.add_argument("--team", metavar="TEAM_ID", type=_team_argument,
                        help="one workspace only (its ID, T...): with OAuth distribution the "
                             "bot records each workspace's answers apart")
    parser.add_argument("--database", metavar="URL_OR_PATH",
                        help="SQLAlchemy URL, or a SQLite file's path (default: "
                             "$K8S_COMPARE_DATABASE_URL or the "
                             "SQLite file in the working directory)")


def cmd_serve(args: argparse.Namespace) -> int:
    from bot.slack.server import serve

    return serve()


def _command(commands, name: str, **options) -> argparse.ArgumentParser:
    """A subcommand that remembers its own parser, so that an unknown option is reported
    with that subcommand's usage rather than the top-level one."""
    parser = commands.add_parser(name, **options)
    parser.set_defaults(command_parser=parser)
    return parser


class _ServeHelp(argparse.RawDescriptionHelpFormatter):
    """`serve --help` ends with the settings; their module is imported only then, so that
    `ask` starts without it."""

    def format_help(self) -> str:
        from bot.slack.settings import settings_help

        self.add_text(settings_help())
        return super().format_help()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="k8s-compare",
        description="Explain the difference between a container and a Kubernetes cluster.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    knowledge_help = "knowledge directory (default: $K8S_COMPARE_KNOWLEDGE_DIR or the shipped one)"

    ask = _command(commands, "ask", help="answer a question in the terminal")
    ask.add_argument("question", nargs="+", metavar="WORDS",
                     help="one question, quoted or not (several words are one question), "
                          "or - to read one question a line from stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.add_argument("--explain", action="store_true", help="show which phrases matched")
    ask.add_argument("--knowledge", "-k", metavar="DIR", help=knowledge_help)
    ask.set_defaults(func=cmd_ask)

    ev = _command(commands, "eval", help="score the matcher on a labelled question file")
    ev.add_argument("file", help="YAML list of {q, kind, accept, all, tag}")
    ev.add_argument("--min", type=float, metavar="ACCURACY", help="exit 1 below this (0-1)")
    ev.add_argument("--knowledge", "-k", metavar="DIR", help=knowledge_help)
    ev.set_defaults(func=cmd_eval)

    kb = _command(commands, "kb", help="build and check knowledge files")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")
    imp = _command(kb_commands, "import", help="build a knowledge file from a comparison table")
    imp.add_argument("table", help="the table: a markdown or HTML page, a Word document "
                                   "(.docx) or OpenDocument text (.odt), an Excel workbook "
                                   "(.xlsx), a PowerPoint deck (.pptx), a spreadsheet saved "
                                   "as .csv or .tsv, Confluence or Jira wiki markup, "
                                   "reStructuredText, AsciiDoc, MediaWiki, Org or LaTeX, a "
                                   "notebook (.ipynb), an email (.eml), an Evernote export "
                                   "(.enex), or text in columns of spaces (a paste, a PDF's "
                                   "text); the README lists every kind")
    imp.add_argument("-o", "--output", metavar="FILE",
                     help="knowledge file to write (its tuning is kept); default: stdout")
    imp.add_argument("--sheet", metavar="NAME",
                     help="an Excel workbook's sheet to read (default: the one that holds a "
                          "table, past a Read me or Change log tab)")
    imp.set_defaults(func=cmd_kb_import)
    check = _command(kb_commands, "check", help="validate knowledge files (FILE:LINE errors)")
    check.add_argument("directory", nargs="?", metavar="DIR_OR_FILE",
                       help="a knowledge directory or one knowledge file (default: "
                            "$K8S_COMPARE_KNOWLEDGE_DIR or the shipped one)")
    check.add_argument("--knowledge", "-k", metavar="DIR", dest="directory_option",
                       help="the same, as `ask` takes it")
    check.set_defaults(func=cmd_kb_check)
    listing = _command(kb_commands, "list", help="list comparisons and their rows")
    listing.add_argument("directory", nargs="?", help=knowledge_help)
    listing.add_argument("--knowledge", "-k", metavar="DIR", dest="directory_option",
                         help="the same, as `ask` takes it")
    listing.set_defaults(func=cmd_kb_list)
    suggest = _command(kb_commands, "suggest",
                       help="propose examples and out-of-scope terms from what people asked")
    suggest.add_argument("--since", default=timedelta(days=7), type=_duration_argument,
                         metavar="DURATION", help="how far back to look (default: 7d)")
    suggest.add_argument("--database", metavar="URL_OR_PATH",
                         help="the bot's database (default: $K8S_COMPARE_DATABASE_URL or the "
                              "SQLite file in the working directory)")
    suggest.add_argument("--knowledge", "-k", metavar="DIR", help=knowledge_help)
    suggest.add_argument("--write", action="store_true",
                         help="apply the proposals to the knowledge files instead of "
                              "printing a patch")
    suggest.set_defaults(func=cmd_kb_suggest)

    report = _command(commands, "report",
                      help="what people asked, and what the bot could not answer")
    add_report_arguments(report)
    report.set_defaults(func=cmd_report)

    serve = _command(
        commands, "serve", help="run the Slack bot (Socket Mode or HTTP)",
        description="Run the Slack bot: Socket Mode when SLACK_APP_TOKEN is set (no public\n"
                    "URL needed), else HTTP mode on PORT. Once Slack has accepted the token\n"
                    "it logs one line starting 'Ready:'.",
        formatter_class=_ServeHelp,
    )
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        args.command_parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        return args.func(args)
    except KnowledgeError as exc:
        if all(p.line == 0 for p in exc.problems):  # no folder, or no file in it: one line
            print("k8s-compare: " + "; ".join(f"{p.path}: {p.message}" for p in exc.problems),
                  file=sys.stderr)
        else:
            print(f"knowledge base is broken:\n{exc}", file=sys.stderr)
        return EXIT_ERROR
    except CliError as exc:
        print(f"k8s-compare: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
