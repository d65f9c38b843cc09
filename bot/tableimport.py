"""Build a knowledge file from a markdown comparison table.

The table's facts are copied word for word; only markdown that is decoration (bold row
names, heading emoji, mis-encoded characters) is cleaned. Tuning a team has added to an
existing knowledge file (aliases, vocabulary, out_of_scope) survives a re-import.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from bot.proposals import propose

_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_ANALOGY_HINT = re.compile(r"\b(think of|imagine|analogy|is like|as an?)\b", re.IGNORECASE)
_MOJIBAKE_RUN = re.compile(r"[\u0080-\u02ff\u2013-\u203a\u2122\ufb01\ufb02\uf8ff]{2,}")


class TableImportError(ValueError):
    """The markdown has no comparison table we can read."""


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Mac Roman or Windows-1252 (`üìù` -> 📝); drop what cannot be fixed."""

    def fix(match: re.Match) -> str:
        run = match.group(0)
        for codec in ("mac_roman", "cp1252", "latin-1"):
            try:
                raw = run.encode(codec)
            except UnicodeEncodeError:
                continue
            for lead in (b"", b"\xf0"):  # an emoji whose first byte was lost in copying
                try:
                    return (lead + raw).decode("utf-8")
                except UnicodeDecodeError:
                    continue
        return run

    return _MOJIBAKE_RUN.sub(fix, text)


def _strip_decoration(text: str) -> str:
    """Remove emoji and symbols from a heading or row name, and `**bold**` markers."""
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)
    kept = (ch for ch in text if unicodedata.category(ch)[0] in "LNPZ" or ch in "&+/'")
    return " ".join("".join(kept).split())


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line)]


def parse_table_markdown(markdown: str) -> dict:
    """Read title, subjects, rows, summary and analogy from a comparison table document."""
    lines = repair_mojibake(markdown).splitlines()
    table = [i for i, line in enumerate(lines) if line.strip().startswith("|")]
    if len(table) < 3:
        raise TableImportError("no markdown table found (need a header, a separator and rows)")
    header = _cells(lines[table[0]])
    if len(header) < 3:
        raise TableImportError(
            f"line {table[0] + 1}: the table needs a row-name column and two subject columns"
        )
    subjects = [_strip_decoration(name) for name in header[1:]]
    rows = []
    for index in table[1:]:
        cells = _cells(lines[index])
        if all(_SEPARATOR_CELL.match(c.replace(" ", "")) for c in cells if c):
            continue
        if len(cells) != len(header):
            raise TableImportError(
                f"line {index + 1}: {len(cells)} cells, but the header has {len(header)}"
            )
        rows.append({"feature": _strip_decoration(cells[0]), "cells": cells[1:]})
    summary, analogy = _summary_and_analogy(lines, after=table[-1] + 1)
    topic = {"title": " vs ".join(subjects), "subjects": [{"name": s} for s in subjects]}
    topic["rows"] = rows
    if summary:
        topic["summary"] = summary
    if analogy:
        topic["analogy"] = analogy
    return topic


def _summary_and_analogy(lines: list[str], after: int) -> tuple[list[str], str]:
    """Bullets under a 'Summary' heading; the first paragraph that reads like an analogy."""
    summary: list[str] = []
    analogy = ""
    in_summary = False
    for line in lines[after:]:
        heading = _HEADING.match(line.strip())
        if heading:
            in_summary = "summary" in heading.group(1).lower()
            continue
        bullet = _BULLET.match(line)
        if bullet and in_summary:
            summary.append(bullet.group(1).strip())
        elif line.strip() and not bullet and not analogy and _ANALOGY_HINT.search(line):
            analogy = line.strip()
    return summary, analogy


ROW_TUNING = ("aliases", "examples", "vocabulary")
TOPIC_TUNING = ("examples", "out_of_scope")


def merge_tuning(imported: dict, existing: dict) -> dict:
    """Keep what a maintainer added to an existing knowledge file (aliases, examples,
    vocabulary, out_of_scope) as it is: a proposal they deleted is not proposed again."""
    old_subjects = {s.get("name"): s for s in existing.get("subjects", []) if isinstance(s, dict)}
    for subject in imported["subjects"]:
        if subject["name"] in old_subjects:
            subject.pop("aliases", None)
            if old_subjects[subject["name"]].get("aliases"):
                subject["aliases"] = old_subjects[subject["name"]]["aliases"]
    old_rows = {r.get("feature"): r for r in existing.get("rows", []) if isinstance(r, dict)}
    for row in imported["rows"]:
        if row["feature"] not in old_rows:
            continue
        row.pop("aliases", None)
        row.update({k: old_rows[row["feature"]][k] for k in ROW_TUNING
                    if old_rows[row["feature"]].get(k)})
    imported.update({k: existing[k] for k in TOPIC_TUNING if existing.get(k)})
    return imported


def import_table(table_path: Path, output: Path | None) -> str:
    """Return the knowledge file for a table, with proposed aliases, merged with the
    tuning already in `output`."""
    parsed = parse_table_markdown(table_path.read_text("utf-8"))
    topic = {"source": table_path.name, **propose(parsed)}
    if output is not None and output.exists():
        existing = yaml.safe_load(output.read_text("utf-8")) or {}
        topic = merge_tuning(topic, existing if isinstance(existing, dict) else {})
    header = f"# Imported from {table_path.name} by `k8s-compare kb import`.\n"
    header += "# Facts (subjects, rows, cells, summary, analogy) are the table's own words.\n"
    header += "# aliases were proposed by the import (acronyms, plurals, short forms): keep or\n"
    header += "# delete them. Add examples (questions a row answers) and out_of_scope terms to\n"
    header += "# tune matching; a re-import keeps them.\n"
    return header + yaml.safe_dump(topic, sort_keys=False, allow_unicode=True, width=4096)
