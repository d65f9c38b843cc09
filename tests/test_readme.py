"""The README a Slack admin follows: short, every link landing somewhere, its terminal
examples printing exactly what it shows, and its first command working in a fresh venv
with `pip install -e .` alone."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

from tests import early
from tests.conftest import ROOT

README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
PROMPT = "$ "


def headings(path: Path) -> set[str]:
    """GitHub's anchors for a page's headings (code blocks are not headings)."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    anchors, seen = set(), {}
    for title in re.findall(r"^#{1,6}\s+(.+?)\s*#*$", text, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def test_the_readme_is_short_and_starts_with_the_two_commands():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 150, f"README has {len(lines)} lines; move depth into docs/"
    commands = [line.strip() for line in lines if line.startswith("    python3 -m venv")]
    assert commands[:2] == [
        'python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/k8s-compare ask '
        '"how does kubernetes scale?"',
        'python3 -m venv .venv && .venv/bin/pip install -e ".[dev]" && .venv/bin/python -m '
        "pytest",
    ]
    assert "Python 3.11 or newer" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_resolves_to_a_file_or_heading(page):
    broken = []
    for target in LINK.findall(FENCE.sub("", page.read_text(encoding="utf-8"))):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and anchor not in headings(file):
            broken.append(f"{target}: no such heading in {file.relative_to(ROOT)}")
    assert not broken, broken


def console_examples(text: str) -> list[tuple[str, str]]:
    """Each `$ command` of the README's console blocks, with the output it shows."""
    examples = []
    for language, body in FENCE.findall(text):
        if language != "console":
            continue
        for chunk in body.split(f"\n{PROMPT}"):
            command, _, output = chunk.removeprefix(PROMPT).partition("\n")
            examples.append((command, output.rstrip("\n") + "\n" if output else ""))
    return examples


def shown_file(text: str, name: str) -> str:
    """The markdown block the README says is saved as `name`."""
    after = text[text.index(f"saved as `{name}`"):]
    return FENCE.search(after).group(2)


def terminal_env(bin_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("K8S_COMPARE_", "SLACK_"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", COLUMNS="80")
    return env


def test_the_readme_terminal_examples_print_what_it_shows(tmp_path):
    text = README.read_text(encoding="utf-8")
    examples = console_examples(text)
    assert len(examples) >= 6, examples  # the scan found the blocks
    assert examples[0][0] == 'k8s-compare ask "how does kubernetes scale?"'
    shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge")
    (tmp_path / "vm-vs-container.md").write_text(shown_file(text, "vm-vs-container.md"))
    env = terminal_env(Path(sys.executable).parent)
    assert shutil.which("k8s-compare", path=env["PATH"]), "k8s-compare is not installed"
    for command, shown in examples:
        result = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        assert result.returncode == 0, (command, result.stdout)
        assert result.stdout == shown, command
    assert not (tmp_path / "knowledge" / "vm-vs-container.yaml").exists()


def test_the_ready_line_shown_is_the_one_the_bot_logs():
    from bot.slack.server import READY

    line = READY.format(mode="Socket Mode", user="k8s-compare", team="Acme", topics=1, rows=8)
    assert f"    INFO bot.slack: {line}\n" in README.read_text(encoding="utf-8")
    assert f"INFO bot.slack: {line}\n" in (ROOT / "docs" / "slack.md").read_text()


def report_sections(printed: str) -> list[str]:
    """A printed report's section titles: the first line of each block after the heading
    and the totals."""
    blocks = printed.strip("\n").split("\n\n")
    assert blocks[1].startswith("answers: "), blocks[:2]
    return [block.splitlines()[0] for block in blocks[2:]]


def test_the_report_example_has_the_sections_the_command_prints(tmp_path, kb):
    from tests.conftest import run_cli
    from tests.test_team import seed_two_workspaces

    database = tmp_path / "bot.sqlite3"
    seed_two_workspaces(database, kb)
    printed = run_cli("report", "--since", "7d", "--database", str(database))
    assert printed.returncode == 0, printed.stderr
    assert "(nothing" not in printed.stdout  # every section has something to show
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    example = operations[operations.index("    $ k8s-compare report --since 7d\n"):]
    example = textwrap.dedent(example[:example.index("\nOptions:")])
    command, _, shown = example.partition("\n")
    assert command == "$ k8s-compare report --since 7d"
    assert report_sections(shown) == report_sections(printed.stdout)


def test_the_operations_page_makes_no_stale_claims():
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    flowing = " ".join(operations.split())
    assert "once that feature exists" not in flowing  # the digest shows escalations
    assert "well under a millisecond" not in flowing  # the meaning model takes milliseconds


def test_the_accuracy_table_in_matching_is_one_table():
    """A blank line inside a markdown table ends it: the rows after it render as a paragraph
    of pipes (issue 11 found the README's table split so)."""
    text = FENCE.sub("", (ROOT / "docs" / "matching.md").read_text(encoding="utf-8"))
    section = text[text.index("### The question sets, and what was tuned on"):]
    section = section[:section.index("\n#", 1)]
    tables = re.findall(r"(?:^\|.*\n)+", section, re.MULTILINE)
    assert len(tables) == 1, f"the accuracy table is split in {len(tables)}: {tables}"
    header, rule, *rows = tables[0].splitlines()
    assert header.startswith("| set | questions |") and set(rule) <= set("|-: ")
    assert len(rows) >= 3 and {row.count("|") for row in rows} == {header.count("|")}


def test_the_readme_says_what_is_guaranteed_and_links_the_details():
    from bot.slack.settings import DEFAULT_GRACE_SECONDS

    text = README.read_text(encoding="utf-8")
    section = text[text.index("## What it guarantees\n"):]
    section = " ".join(section[:section.index("\n## ")].split())
    for promise in ("sent at least once", "one duplicate, no more",
                    "SIGTERM** stops taking new work",
                    f"within the grace period ({DEFAULT_GRACE_SECONDS} s)",
                    "leaves the rest owed for the next process",
                    "database outage costs no answer and no record", "in-memory claims",
                    "written when it is back", "logged once",
                    "(docs/reliability.md)"):
        assert promise in section, promise


def test_the_readme_says_how_errors_look(tmp_path):
    from tests.conftest import run_cli

    text = " ".join(README.read_text(encoding="utf-8").split())
    assert ("An error is one line with exit status 1; a wrong or missing option prints the "
            "command's usage, then the error line, with exit status 2.") in text
    error = run_cli("kb", "check", str(tmp_path / "missing"))
    assert (error.returncode, error.stdout, error.stderr.count("\n")) == (1, "", 1), error
    for argv, problem in ((["ask", "--bogus", "hi"], "unrecognized arguments: --bogus"),
                          (["ask"], "the following arguments are required: WORDS")):
        wrong = run_cli(*argv)
        assert (wrong.returncode, wrong.stdout) == (2, ""), wrong
        *usage, last = wrong.stderr.splitlines()
        assert usage[0].startswith("usage: k8s-compare ask "), wrong.stderr
        assert last == f"k8s-compare ask: error: {problem}"


def run_the_first_command() -> tuple[Path, subprocess.CompletedProcess]:
    """The README's first command in a copy of the project: a step started when the run
    begins (tests/early.py)."""
    text = README.read_text(encoding="utf-8")
    command = next(line.strip() for line in text.splitlines()
                   if line.startswith("    python3 -m venv"))
    folder = early.scratch_folder("first-command-")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, folder / name)
    for part in ("bot", "knowledge"):
        shutil.copytree(ROOT / part, folder / part,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("VIRTUAL_ENV", "PYTHON", "K8S_COMPARE_", "SLACK_"))}
    env["COLUMNS"] = "80"
    return folder, subprocess.run(
        ["bash", "-c", command.replace("python3", sys.executable, 1)],
        cwd=folder, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow  # a fresh venv and `pip install -e .` (tens of seconds)
@pytest.mark.early(step=run_the_first_command)
def test_the_first_command_works_in_a_fresh_venv_with_the_plain_install():
    text = README.read_text(encoding="utf-8")
    project, result = early.result(run_the_first_command)
    assert result.returncode == 0, result.stderr[-3000:]
    shown = dict(console_examples(text))['k8s-compare ask "how does kubernetes scale?"']
    assert result.stdout.endswith(shown), result.stdout[-2000:]
    # Only what running needs: no developer tools, no chart library.
    installed = {p.name.split("-")[0].lower() for p in
                 (project / ".venv").glob("lib/python*/site-packages/*.dist-info")}
    assert {"slack_bolt", "rapidfuzz", "sqlalchemy", "onnxruntime", "tokenizers"} <= installed
    assert not installed & {"pytest", "ruff", "matplotlib", "psycopg", "torch"}, installed
    assert venv  # the standard library's venv is what `python3 -m venv` runs
