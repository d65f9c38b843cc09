"""Block Kit checks: slack_sdk's own models and validators, plus the limits they skip."""

from __future__ import annotations

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

FIELD_CHARS, BUTTON_VALUE_CHARS, ACTION_ID_CHARS = 2000, 2000, 255


def problems(blocks, limit: int = 50) -> list[str]:
    """Every way `blocks` breaks Slack's rules; empty when Slack would accept them."""
    if not isinstance(blocks, list):
        return [f"blocks is a {type(blocks).__name__}, not a list"]
    found = [] if len(blocks) <= limit else [f"{len(blocks)} blocks, more than {limit}"]
    block_ids = [b.get("block_id") for b in blocks if isinstance(b, dict) and b.get("block_id")]
    if len(block_ids) != len(set(block_ids)):
        found.append(f"repeated block_id in {block_ids}")
    for index, raw in enumerate(blocks):
        found += [f"block {index} ({raw.get('type')}): {p}" for p in _block_problems(raw)]
    return found


def _block_problems(raw: dict) -> list[str]:
    try:
        block = Block.parse(raw)
        if block is None:
            return ["not a known block type"]
        block.to_dict()  # validates the block and, recursively, every element in it
    except (SlackObjectFormationError, KeyError, TypeError, ValueError) as error:
        return [str(error)]
    found = []
    for field in raw.get("fields") or []:
        if len(field.get("text", "")) > FIELD_CHARS:
            found.append(f"a field of {len(field['text'])} characters")
    for text in _texts(raw):
        if not text.strip():
            found.append("an empty text")
    elements = raw.get("elements") or []
    action_ids = [e.get("action_id") for e in elements if e.get("action_id")]
    if len(action_ids) != len(set(action_ids)):
        found.append(f"repeated action_id in {action_ids}")
    for element in elements:
        if len(element.get("value", "")) > BUTTON_VALUE_CHARS:
            found.append("a button value over 2000 characters")
        if len(element.get("action_id", "")) > ACTION_ID_CHARS:
            found.append("an action_id over 255 characters")
    return found


def _texts(raw: dict) -> list[str]:
    texts = [raw["text"]["text"]] if isinstance(raw.get("text"), dict) else []
    texts += [f.get("text", "") for f in raw.get("fields") or []]
    for element in raw.get("elements") or []:
        text = element.get("text", element.get("placeholder"))  # a menu shows its placeholder
        texts.append(text.get("text", "") if isinstance(text, dict) else text or "")
    return texts
