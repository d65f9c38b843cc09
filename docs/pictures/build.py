"""Pictures of what the bot shows in Slack, drawn from the Block Kit its own code builds.

    python docs/pictures/build.py          # re-render the pictures whose payload changed
    python docs/pictures/build.py --all    # re-render every picture

Each picture is a scene: a person's question and the payload the bot renders for it with
bot.render.blocks, bot.slack.home and bot.digest (the digest with sample figures). The
payload becomes HTML (page.html, Slack's look approximately) and headless Chromium
(Debian's `chromium` package) takes the screenshot. pictures.json records, for every
picture, the SHA-256 of the payload it was made from and of the PNG; the tests recompute
the payloads' hashes, so a change to what the bot sends fails them until this is re-run.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the bot's code is the source

from bot.knowledge import KnowledgeBase, load_knowledge  # noqa: E402
from bot.matcher import Matcher  # noqa: E402
from bot.render.blocks import render_answer  # noqa: E402
from bot.report import DayStats, PartStats, QuestionGroup, Report  # noqa: E402

RECORD = HERE / "pictures.json"
PAGE = HERE / "page.html"
COMMAND = "python docs/pictures/build.py"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--force-device-scale-factor=1",
)
WIDTH, FIRST_HEIGHT = 752, 1600
MARGIN = 8  # around the window's border, in pixels
PARALLEL = 3
TIME = "09:41"


@dataclass(frozen=True)
class Scene:
    """One picture: where it happens, what the person asked, what the bot sent."""

    title: str  # the picture's alt text
    surface: str  # slash, mention, home or digest
    question: str
    payload: dict
    chart: dict = field(default_factory=dict)  # the digest's chart: its inputs

    def fingerprint(self) -> str:
        """SHA-256 of everything the picture shows that comes from the bot's code."""
        content = {"surface": self.surface, "question": self.question,
                   "payload": self.payload, "chart": self.chart}
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


# ---------------------------------------------------------------- the scenes
def scenes() -> dict[str, Scene]:
    """Every picture, in the order the docs show them; payloads from the bot's own code
    and the shipped knowledge base."""
    from bot.digest import digest_message
    from bot.slack.home import home_view

    kb = load_knowledge(ROOT / "knowledge")
    matcher = Matcher(kb)

    def answer(title: str, surface: str, question: str) -> Scene:
        message = render_answer(matcher.match(question), kb, share=surface == "slash")
        return Scene(title, surface, question, message.payload())

    report = sample_report(kb)
    return {
        "row-answer": answer("A row answer to a slash command: both columns side by side",
                             "slash", "what happens when my app crashes at 3am?"),
        "summary": answer("The summary, in the thread of a mention", "mention", "tl;dr?"),
        "analogy": answer("The analogy", "mention", "give me an analogy"),
        "table": answer("The whole table", "slash", "show me the full table"),
        "unsure": answer("Unsure: the closest rows as buttons", "mention",
                         "if demand triples, what about bare containers?"),
        "beyond": answer("Beyond the table: said so, the closest rows as buttons", "mention",
                         "why does my pod keep crashing with CrashLoopBackOff?"),
        "out-of-scope": answer("Out of scope: said so, nothing made up", "mention",
                               "what is a Helm chart?"),
        "app-home": Scene("App Home: the whole comparison and how to ask", "home", "",
                          home_view(kb)),
        "digest": Scene("The weekly digest, with its chart", "digest", "",
                        digest_message(report).payload(), chart_inputs(report)),
    }


def sample_report(kb: KnowledgeBase) -> Report:
    """A plausible week, for the digest's picture (the digest is built from it by the
    bot's own code; only the figures are made up)."""
    until = datetime(2026, 11, 24, 9, 0)
    typed = [(9, 7), (14, 12), (11, 9), (16, 14), (12, 10), (3, 3), (2, 2), (6, 5)]
    days = tuple(
        DayStats(date(2026, 11, 17) + timedelta(days=n),
                 {"row": answered - 1, "summary": 1, "none": asked - answered} if asked else {},
                 asked, answered)
        for n, (asked, answered) in enumerate(typed)
    )
    topic = kb.topics[0].id
    helm = ("how do I install helm", "helm install help", "how to install helm??")
    return Report(
        "postgresql+psycopg://bot:***@db:5432/k8s_compare", until - timedelta(days=7), until,
        by_surface={"mention": 38, "slash": 26, "dm": 9, "home": 12, "button": 7},
        by_kind={"row": 54, "summary": 11, "analogy": 8, "table": 6, "none": 13},
        most_asked=(PartStats(topic, "Scalability", asked=15), PartStats(topic, "Networking", 11),
                    PartStats(topic, "Fault Tolerance", 9)),
        helpfulness=(PartStats(topic, "Networking", rated=4, helpful=2),
                     PartStats(topic, "Scalability", rated=6, helpful=6)),
        unanswered=(QuestionGroup(helm[0], 5, helm[1:], ((helm[0], 3), (helm[1], 1),
                                                        (helm[2], 1))),
                    QuestionGroup("can I get a Kubernetes certification for free", 2),
                    QuestionGroup("what is a service mesh?", 2, ("do we use istio",))),
        questions=sum(a for a, _ in typed), questions_answered=sum(b for _, b in typed),
        by_day=days, ratings=10, ratings_helpful=8,
    )


def chart_inputs(report: Report) -> dict:
    from bot.slack.digest import chart_title

    code = (ROOT / "bot" / "chart.py").read_bytes()
    return {"title": chart_title(report), "days": report.by_day,
            "code": hashlib.sha256(code).hexdigest()}


# ---------------------------------------------------------------- Block Kit as HTML
BOLD = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
ITALIC = re.compile(r"(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])")
STRIKE = re.compile(r"(?<![\w~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\w~])")


def mrkdwn(text: str) -> str:
    """Slack mrkdwn as HTML. The bot escapes `&`, `<` and `>` as HTML does, so the text is
    already safe to place in a page."""
    parts = re.split(r"(`[^`\n]+`)", text)
    out = []
    for part in parts:
        if len(part) > 1 and part.startswith("`") and part.endswith("`"):
            out.append(f"<code>{part[1:-1]}</code>")
        else:
            out.append(STRIKE.sub(r"<s>\1</s>", ITALIC.sub(r"<i>\1</i>",
                                                          BOLD.sub(r"<b>\1</b>", part))))
    return "".join(out).replace("\n", "<br>")


def text(obj: dict) -> str:
    if obj.get("type") == "mrkdwn":
        return mrkdwn(obj["text"])
    return html.escape(obj["text"]).replace("\n", "<br>")


def button(element: dict) -> str:
    style = " primary" if element.get("style") == "primary" else ""
    return f'<span class="button{style}">{text(element["text"])}</span>'


def section(block: dict) -> str:
    content = text(block["text"]) if block.get("text") else ""
    if block.get("fields"):
        content += '<div class="fields">' + "".join(
            f"<div>{text(f)}</div>" for f in block["fields"]) + "</div>"
    accessory = block.get("accessory")
    side = button(accessory) if accessory and accessory["type"] == "button" else ""
    return f'<div class="section"><div class="content">{content}</div>{side}</div>'


BLOCKS: dict[str, Callable[[dict], str]] = {
    "header": lambda b: f'<div class="header">{text(b["text"])}</div>',
    "section": section,
    "context": lambda b: '<div class="context">' + "".join(
        f"<span>{text(e)}</span>" for e in b["elements"]) + "</div>",
    "divider": lambda b: '<hr class="divider">',
    "actions": lambda b: '<div class="actions">' + "".join(
        button(e) for e in b["elements"] if e["type"] == "button") + "</div>",
}


def blocks_html(blocks: list[dict]) -> str:
    """Each block as Slack lays it out; a block type this does not know stops the build."""
    unknown = {b["type"] for b in blocks} - BLOCKS.keys()
    if unknown:
        raise SystemExit(f"build.py does not draw {sorted(unknown)} blocks yet: teach BLOCKS")
    return "\n".join(BLOCKS[b["type"]](b) for b in blocks)


def message(author: str, body: str, bot: bool = True, note: str = "") -> str:
    avatar = '<div class="avatar bot">k8s</div>' if bot else '<div class="avatar person">D</div>'
    badge = '<span class="app">APP</span>' if bot else ""
    return (f'<div class="message">{avatar}<div class="body"><div class="meta"><b>{author}</b>'
            f'{badge}<span class="time">{TIME}</span></div>{body}{note}</div></div>')


def conversation(scene: Scene, chart_png: bytes = b"") -> str:
    """The scene as Slack would show it around the bot's payload."""
    if scene.surface == "home":
        bar = ('<div class="bar">k8s-compare<div class="tabs"><b>Home</b> &nbsp; Messages '
               "&nbsp; About</div></div>")
        return bar + f'<div style="padding: 0 20px">{blocks_html(scene.payload["blocks"])}</div>'
    reply = blocks_html(scene.payload["blocks"])
    if scene.surface == "slash":
        asked = f"<code>/k8s-compare {html.escape(scene.question)}</code>"
        bar = f'<div class="bar">#general<div class="tabs">You typed {asked}</div></div>'
        only_you = '<div class="ephemeral">Only visible to you</div>'
        return bar + message("k8s-compare", reply, note=only_you)
    if scene.surface == "mention":
        asked = f'<span style="color:#1264a3">@k8s-compare</span> {html.escape(scene.question)}'
        thread = '<div class="bar">Thread<div class="tabs">#general</div></div>'
        return thread + message("Dana", asked, bot=False) + message("k8s-compare", reply)
    image = base64.b64encode(chart_png).decode()
    file = (f'<div class="file"><div class="title">{html.escape(scene.chart["title"])}</div>'
            f'<img src="data:image/png;base64,{image}" alt=""></div>')
    return ('<div class="bar">#k8s-compare-maintainers</div>' + message("k8s-compare", reply)
            + message("k8s-compare", file))


def page(scene: Scene, chart_png: bytes = b"") -> str:
    return PAGE.read_text(encoding="utf-8").replace("<!-- CONVERSATION -->",
                                                    conversation(scene, chart_png))


# ---------------------------------------------------------------- rendering
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise SystemExit("headless Chromium is needed: apt-get install -y chromium")
    return found


def render(name: str, scene: Scene, out_dir: Path) -> Path:
    """The scene as `out_dir/NAME.png`, cropped to the Slack window."""
    chart = b""
    if scene.chart:
        from bot.chart import answers_chart

        chart = answers_chart(scene.chart["days"], scene.chart["title"])
    with tempfile.TemporaryDirectory(prefix=f"picture-{name}-") as work:
        source = Path(work) / f"{name}.html"
        source.write_text(page(scene, chart), encoding="utf-8")
        height = FIRST_HEIGHT
        while True:
            shot = Path(work) / f"{name}-{height}.png"
            profile = Path(work) / f"profile-{height}"  # a fresh profile for every run
            subprocess.run(
                [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                 f"--window-size={WIDTH},{height}", f"--screenshot={shot}", source.as_uri()],
                check=True, capture_output=True, timeout=120,
            )
            picture = crop(shot)
            if picture is not None:
                break
            height *= 2  # the page is longer than the window: take it again, taller
        target = out_dir / f"{name}.png"
        picture.save(target, optimize=True)
    return target


def crop(shot: Path):
    """The screenshot cut to the window and its margin; None when the window runs off
    the bottom of the screenshot."""
    from PIL import Image, ImageChops

    image = Image.open(shot).convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box is None or box[3] >= image.height - 1:
        return None
    left, top, right, bottom = box
    return image.crop((max(0, left - MARGIN), max(0, top - MARGIN),
                       min(image.width, right + MARGIN), min(image.height, bottom + MARGIN)))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stale(current: dict[str, Scene], recorded: dict) -> list[str]:
    """Pictures whose payload changed, or whose PNG is missing or not the recorded one."""
    names = []
    for name, scene in current.items():
        entry, png = recorded.get(name) or {}, HERE / f"{name}.png"
        if (entry.get("payload_sha256") != scene.fingerprint() or not png.exists()
                or entry.get("png_sha256") != sha256(png)):
            names.append(name)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="re-render every picture")
    args = parser.parse_args(argv)
    current = scenes()
    recorded = json.loads(RECORD.read_text()) if RECORD.exists() else {}
    todo = list(current) if args.all else stale(current, recorded)
    with ThreadPoolExecutor(PARALLEL) as pool:
        made = list(pool.map(lambda name: render(name, current[name], HERE), todo))
    for path in made:
        print(f"made {path.relative_to(ROOT)}")
    for name in set(recorded) - set(current):
        (HERE / f"{name}.png").unlink(missing_ok=True)
        print(f"removed docs/pictures/{name}.png")
    record = {
        name: {"title": scene.title, "payload_sha256": scene.fingerprint(),
               "png_sha256": sha256(HERE / f"{name}.png")}
        for name, scene in current.items()
    }
    RECORD.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    print(f"{len(made)} of {len(current)} pictures re-rendered; {RECORD.relative_to(ROOT)} "
          "records their payloads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
