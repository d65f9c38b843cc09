"""Knowledge that changes without a restart, end to end over HTTP: a ConfigMap-style update
(the `..data` symlink swapped) and an editor saving a file in place are each answered from
within 30 s, a broken version keeps the old answers (each FILE:LINE problem logged once, the
failure in the metrics, /healthz healthy), SIGHUP reloads at once, and /metrics says which
version each replica runs."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from tests.e2e.conftest import ROOT
from tests.e2e.scrape import wait_for_metrics
from tests.e2e.slack_client import SlackSender, mention, unique

SHIPPED = ROOT / "knowledge" / "container-vs-kubernetes.yaml"
FILE = SHIPPED.name
OLD, NEW = "smart traffic system", "air traffic control tower"
SAME_SIZE = "busy harbour control"  # as long as OLD: only the file's mtime tells
RELOAD_SECONDS = 30  # the bound


def configmap(directory: Path, version: str, text: str) -> None:
    """Write `text` as Kubernetes projects a ConfigMap: a timestamped folder, `..data`
    pointing at it (swapped atomically), and the file a symlink through `..data`."""
    folder = directory / f"..{version}"
    folder.mkdir()
    (folder / FILE).write_text(text, encoding="utf-8")
    (directory / "..data_tmp").symlink_to(folder.name)
    os.replace(directory / "..data_tmp", directory / "..data")
    if not (directory / FILE).is_symlink():
        (directory / FILE).symlink_to(f"..data/{FILE}")


def analogy(fake, sender) -> str:
    channel = unique("C")
    sender.event(mention(channel, "give me an analogy"))
    return fake.wait_for("chat.postMessage", channel=channel)[0].params["blocks"][0]["text"]["text"]


def wait_until(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"{what} not within {seconds} s")


def version_of(bot) -> set[str]:
    (metrics,) = wait_for_metrics([bot], lambda s: True)
    return {key[0] for key in metrics.by("k8s_compare_knowledge_version", "version")}


def test_an_update_is_answered_from_and_a_broken_one_never_replaces_it(fake, start_bot,
                                                                      tmp_path):
    fake.reset()
    directory = tmp_path / "knowledge"
    directory.mkdir()
    shipped = SHIPPED.read_text(encoding="utf-8")
    configmap(directory, "v1", shipped)
    bot = start_bot(K8S_COMPARE_KNOWLEDGE_DIR=str(directory))
    sender = SlackSender(bot.port, response_base=fake.response_url(""))
    assert OLD in analogy(fake, sender)
    (first,) = version_of(bot)

    configmap(directory, "v2", shipped.replace(OLD, NEW))
    wait_until(lambda: NEW in analogy(fake, sender), RELOAD_SECONDS, "the new analogy")
    (second,) = version_of(bot)
    assert second != first
    assert f"Knowledge reloaded: version {second} (was {first})" in bot.log()

    # an editor rewrites the file with a mistake: the bot keeps the last good knowledge
    broken = shipped.replace(OLD, NEW).replace("subjects:", "subjects: [", 1)
    configmap(directory, "v3", broken)
    bot.wait_for_log("Knowledge files are broken; still answering from version " + second,
                     timeout=RELOAD_SECONDS)

    def problem_lines() -> list[str]:  # each FILE:LINE problem is its own record, just after
        return [line for line in bot.log().splitlines() if f"v3/{FILE}:" in line
                or f"knowledge/{FILE}:" in line]

    problems = wait_until(problem_lines, 5, "the broken file's FILE:LINE problems")
    (metrics,) = wait_for_metrics(
        [bot], lambda s: s[0].value("k8s_compare_knowledge_reload_failed") == 1)
    assert metrics.value("k8s_compare_knowledge_reload_failures_total") == 1
    assert NEW in analogy(fake, sender)
    assert bot.get("/healthz") == "ok\n"
    assert version_of(bot) == {second}

    # SIGHUP reloads at once; the same problems are not logged again
    bot.process.send_signal(signal.SIGHUP)
    time.sleep(1)
    assert [line for line in bot.log().splitlines() if line in problems] == problems

    fixed = shipped.replace(OLD, "harbour master")
    configmap(directory, "v4", fixed)
    bot.process.send_signal(signal.SIGHUP)
    wait_until(lambda: "harbour master" in analogy(fake, sender), 10, "the fixed analogy")
    (metrics,) = wait_for_metrics(
        [bot], lambda s: s[0].value("k8s_compare_knowledge_reload_failed") == 0)
    bot.process.send_signal(signal.SIGHUP)  # nothing changed: said, so the admin knows
    wait_until(lambda: "Knowledge checked: unchanged, version" in bot.log(), 10, "its line")
    assert bot.stop() == 0
    assert "Traceback" not in bot.log()


def test_an_editor_saving_a_file_in_place_is_answered_from_within_30_s(fake, start_bot,
                                                                       tmp_path):
    fake.reset()
    directory = tmp_path / "knowledge"
    directory.mkdir()
    path = directory / FILE  # a plain file, no symlinks: a directory someone edits
    shipped = SHIPPED.read_text(encoding="utf-8")
    path.write_text(shipped, encoding="utf-8")
    bot = start_bot(K8S_COMPARE_KNOWLEDGE_DIR=str(directory))
    sender = SlackSender(bot.port, response_base=fake.response_url(""))
    assert OLD in analogy(fake, sender)
    (first,) = version_of(bot)

    edited = shipped.replace(OLD, SAME_SIZE)
    assert len(edited.encode()) == len(shipped.encode()) and edited != shipped
    inode = path.stat().st_ino
    with open(path, "r+", encoding="utf-8") as file:  # rewritten where it is, as nano does
        file.write(edited)
        file.truncate()
    assert path.stat().st_ino == inode and path.stat().st_size == len(shipped.encode())
    wait_until(lambda: SAME_SIZE in analogy(fake, sender), RELOAD_SECONDS,
               "the analogy saved in place")
    (second,) = version_of(bot)
    assert second != first
    assert f"Knowledge reloaded: version {second} (was {first})" in bot.log()
    assert OLD not in analogy(fake, sender)
    assert bot.stop() == 0
    assert "Traceback" not in bot.log()
