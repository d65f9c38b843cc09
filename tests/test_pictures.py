"""docs/pictures: every picture was made from the Block Kit the bot builds today (by hash,
no browser needed), and the build script really draws one with headless Chromium."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import struct
import sys

import pytest

from tests.conftest import ROOT

PICTURES = ROOT / "docs" / "pictures"
REFRESH = "run `python docs/pictures/build.py` to refresh the pictures"


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_pictures", PICTURES / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def test_the_pictures_were_made_from_the_current_payloads(build):
    recorded = json.loads((PICTURES / "pictures.json").read_text())
    current = build.scenes()
    assert sorted(recorded) == sorted(current), REFRESH
    drifted = [name for name, scene in current.items()
               if recorded[name]["payload_sha256"] != scene.fingerprint()]
    assert not drifted, f"the bot's payloads for {drifted} changed: {REFRESH}"
    for name in current:
        png = (PICTURES / f"{name}.png").read_bytes()
        assert hashlib.sha256(png).hexdigest() == recorded[name]["png_sha256"], (
            f"{name}.png is not the picture build.py made: {REFRESH}")
        width, height = png_size(png)
        assert 500 < width < 1000 and 100 < height < 4000, (name, width, height)


def test_a_payload_change_is_caught(build):
    scene = build.scenes()["row-answer"]
    changed = build.Scene(scene.title, scene.surface, scene.question,
                          {**scene.payload, "text": scene.payload["text"] + "!"})
    assert changed.fingerprint() != scene.fingerprint()
    assert build.stale({"row-answer": changed}, json.loads(
        (PICTURES / "pictures.json").read_text())) == ["row-answer"]


def test_the_html_shows_the_payload_escaped_as_slack_would(build):
    blocks = [{"type": "section", "text": {"type": "mrkdwn",
                                           "text": "*bold* _it_ `code` &lt;!here&gt;\nnext"}}]
    shown = build.blocks_html(blocks)
    assert "<b>bold</b> <i>it</i> <code>code</code> &lt;!here&gt;<br>next" in shown
    with pytest.raises(SystemExit, match="does not draw"):
        build.blocks_html([{"type": "video"}])


@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")),
                    reason="headless Chromium missing (Debian package chromium; .ci/run "
                           "installs it)")
def test_the_script_draws_a_picture_with_headless_chromium(build, tmp_path):
    from PIL import Image

    path = build.render("row-answer", build.scenes()["row-answer"], tmp_path)
    image = Image.open(path)
    width, height = image.size
    assert 600 < width < 800 and 150 < height < 600, image.size
    colours = image.convert("RGB").getcolors(maxcolors=100_000)
    assert colours and len(colours) > 50, "a blank page, not the answer"
    assert image.convert("RGB").getpixel((0, 0)) == (255, 255, 255)  # the page's margin
    # The Share-in-channel button is drawn in Slack's primary green somewhere.
    assert any(rgb == (0, 122, 90) for _, rgb in colours)
