"""Every surface of the issue, end to end: signed requests in, Slack Web API calls out."""

from __future__ import annotations

import time

from tests.conftest import OUT_OF_SCOPE_NEAR_A_ROW, UNSURE_QUESTION
from tests.e2e.conftest import ONBOARDING_CHANNEL
from tests.e2e.fake_slack import BOT_USER_ID
from tests.e2e.slack_client import (
    SlackSender,
    button,
    buttons,
    click,
    direct,
    mention,
    unique,
    unique_ts,
)

TITLE = "Container vs Kubernetes Cluster"


def texts(blocks: list[dict]) -> str:
    """Every visible text of a message, to check what a person would read."""
    found = []
    for block in blocks:
        for part in [
            block.get("text"),
            *(block.get("fields") or []),
            *(block.get("elements") or []),
        ]:
            if isinstance(part, dict):
                text = part.get("text")
                found.append(text.get("text", "") if isinstance(text, dict) else text or "")
    return "\n".join(found)


def headers(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "header"]


# ------------------------------------------------------------------ slash command
def test_slash_command_answers_ephemerally_with_labelled_columns(slack, fake):
    reply = slack.command("how do containers and clusters scale?")
    assert reply.status == 200
    answer = reply.json()
    assert answer["response_type"] == "ephemeral"
    blocks = answer["blocks"]
    assert headers(blocks) == ["Scalability"]
    fields = next(b["fields"] for b in blocks if b.get("fields"))
    assert fields[0]["text"].startswith("*Container*\n")
    assert fields[1]["text"].startswith("*Kubernetes Cluster*\nNatively supports auto-scaling")
    assert any(b["type"] == "context" and TITLE in texts([b]) for b in blocks)
    assert "Scalability" in answer["text"]  # the notification fallback says the same
    assert {b["action_id"] for b in buttons(blocks)} == {
        "share_answer",
        "feedback_helpful",
        "feedback_not_helpful",
    }
    assert fake.of("chat.postMessage") == []  # only the asker sees it


def test_share_in_channel_posts_the_same_answer_visibly(slack, fake):
    blocks = slack.command("what about networking").json()["blocks"]
    shared = click(slack, fake, button(blocks, "Share in channel"))
    assert shared["response_type"] == "in_channel"
    assert shared["replace_original"] is False
    assert headers(shared["blocks"]) == ["Networking"]
    assert "Shared from /k8s-compare" in texts(shared["blocks"])
    assert "share_answer" not in {b["action_id"] for b in buttons(shared["blocks"])}


def test_empty_text_and_help_list_what_the_bot_can_do(slack, kb):
    for text in ("", "help", "   "):
        answer = slack.command(text).json()
        assert answer["response_type"] == "ephemeral"
        labels = [b["text"]["text"] for b in buttons(answer["blocks"])]
        assert labels == [r.feature for r in kb.topics[0].rows] + [
            "Summary",
            "Analogy",
            "Full table",
        ]
        assert TITLE in texts(answer["blocks"])


def test_help_button_shows_that_answer(slack, fake):
    blocks = slack.command("help").json()["blocks"]
    shown = click(slack, fake, button(blocks, "Analogy"))
    assert shown["response_type"] == "ephemeral"
    assert "smart traffic system" in texts(shown["blocks"])
    assert "*smart traffic system*" in texts(shown["blocks"])  # markdown **bold** became Slack bold


def test_full_table_shows_every_row(slack, kb):
    answer = slack.command("show me the full table").json()
    body = texts(answer["blocks"])
    for row in kb.topics[0].rows:
        assert f"*{row.feature}*" in body
    assert headers(answer["blocks"]) == [TITLE]


# ------------------------------------------------------------------ mentions and DMs
def test_mention_is_answered_in_a_thread_under_it(slack, fake):
    channel, ts = unique("C"), unique_ts()
    slack.event(mention(channel, "how do they restart after a crash?", ts))
    posted = fake.wait_for("chat.postMessage", channel=channel)[0].params
    assert posted["thread_ts"] == ts
    assert headers(posted["blocks"]) == ["Fault Tolerance"]
    assert "share_answer" not in {b["action_id"] for b in buttons(posted["blocks"])}


def test_mention_inside_a_thread_is_answered_under_the_threads_root(slack, fake):
    channel, root = unique("C"), unique_ts()
    slack.event(mention(channel, "summary please", thread_ts=root))
    posted = fake.wait_for("chat.postMessage", channel=channel)[0].params
    assert posted["thread_ts"] == root
    assert "*In short*" in texts(posted["blocks"])


def test_direct_message_is_answered_in_the_dm(slack, fake):
    channel = unique("D")
    slack.event(direct(channel, "who manages a cluster?"))
    posted = fake.wait_for("chat.postMessage", channel=channel)[0].params
    assert "thread_ts" not in posted
    assert headers(posted["blocks"]) == ["Management"]


def test_thanks_or_ok_in_a_dm_gets_a_short_reply_and_is_no_gap(slack, fake, bot):
    """After an answer people say "thanks!" or "ok got it": a one-line reply, not the help
    menu or "Sorry, I couldn't find that", and nothing the report lists as unanswered."""
    channel = unique("D")
    slack.event(direct(channel, "thanks, that helped!"))
    thanked = fake.wait_for("chat.postMessage", channel=channel)[0].params
    assert texts(thanked["blocks"]) == (
        f"You're welcome! Ask me anything else about *{TITLE}*, or say help to see what I know.")
    assert buttons(thanked["blocks"]) == []
    slack.event(direct(channel, "ok got it"))
    posted = fake.wait_for("chat.postMessage", channel=channel, count=2)
    assert texts(posted[1].params["blocks"]).startswith("👍 Ask me anything else about")
    query = "SELECT kind, reason, question FROM answers WHERE reason IN ('thanks', 'acknowledged')"
    deadline = time.monotonic() + 15  # recorded as help, without the question's text
    while len(bot.stored(query)) < 2:
        assert time.monotonic() < deadline, bot.stored(query)
        time.sleep(0.2)
    assert bot.stored(query) == [("help", "acknowledged", None), ("help", "thanks", None)]


# ------------------------------------------------------------------ unsure, out of scope
def test_unsure_offers_did_you_mean_and_a_click_shows_that_answer(slack, fake, matcher):
    assert matcher.match(UNSURE_QUESTION).reason == "unsure"  # the premise of this test
    channel, ts = unique("C"), unique_ts()
    slack.event(mention(channel, UNSURE_QUESTION, ts))
    posted = fake.wait_for("chat.postMessage", channel=channel)[0].params
    assert "not sure" in texts(posted["blocks"])
    choice = button(posted["blocks"], "Scalability")
    message = {
        "type": "message",
        "ts": unique_ts(),
        "thread_ts": ts,
        "bot_id": "B0BOT",
        "blocks": posted["blocks"],
    }
    shown = click(slack, fake, choice, ephemeral=False, channel=channel, message=message)
    assert headers(shown["blocks"]) == ["Scalability"]
    assert shown["thread_ts"] == ts  # the answer stays in the thread
    assert shown["response_type"] == "in_channel"


def test_unsure_about_a_message_naming_both_subjects_offers_the_summary_after_the_rows(
        slack, fake):
    """"containers vs kubernetes - what does that even mean": no row stands out, and how the
    two differ may be all that is asked, so the summary is a button after the three rows."""
    channel, ts = unique("C"), unique_ts()
    slack.event(mention(channel, "containers vs kubernetes - what does that even mean", ts))
    posted = fake.wait_for("chat.postMessage", channel=channel)[0].params
    offered = [b["text"]["text"] for b in buttons(posted["blocks"])
               if b["action_id"].startswith("show_answer")]
    assert len(offered) == 4 and offered[-1] == "Summary", offered
    message = {"type": "message", "ts": unique_ts(), "thread_ts": ts, "bot_id": "B0BOT",
               "blocks": posted["blocks"]}
    shown = click(slack, fake, button(posted["blocks"], "Summary"), ephemeral=False,
                  channel=channel, message=message)
    assert "*In short*" in texts(shown["blocks"])


def test_out_of_scope_says_so_honestly_with_alternatives(slack):
    answer = slack.command("how do I write a helm chart?").json()
    body = texts(answer["blocks"])
    assert "*helm*" in body and "rather not guess" in body
    assert [
        b["text"]["text"]
        for b in buttons(answer["blocks"])
        if b["action_id"].startswith("show_answer")
    ] == ["Summary", "Analogy", "Full table"]
    assert "Share in channel" not in body  # nothing worth sharing


def test_out_of_scope_offers_the_nearest_row_first_and_a_click_shows_it(slack, fake,
                                                                        matcher):
    question = OUT_OF_SCOPE_NEAR_A_ROW
    nearest = matcher.match(question).suggestions[0]
    assert nearest.kind == "row"  # the premise of this test
    answer = slack.command(question).json()
    assert "*kubectl*" in texts(answer["blocks"])
    offered = [b["text"]["text"] for b in buttons(answer["blocks"])
               if b["action_id"].startswith("show_answer")]
    assert offered == [nearest.feature, "Summary", "Analogy", "Full table"]
    shown = click(slack, fake, button(answer["blocks"], nearest.feature))
    assert headers(shown["blocks"]) == [nearest.feature]


def test_did_you_mean_click_from_an_ephemeral_reply(slack, fake):
    blocks = slack.command(UNSURE_QUESTION).json()["blocks"]
    shown = click(slack, fake, button(blocks, "Scalability"))
    assert shown["response_type"] == "ephemeral"
    assert headers(shown["blocks"]) == ["Scalability"]
    assert "Share in channel" in texts(shown["blocks"])


# ------------------------------------------------------------------ feedback
def test_feedback_click_is_acknowledged_and_logged(slack, fake, bot):
    blocks = slack.command("what is the purpose of a cluster?").json()["blocks"]
    for label, verdict in (("Not helpful", "no"), ("Helpful", "yes")):
        choice = [b for b in buttons(blocks) if b["text"]["text"].endswith(label)][0]
        thanks = click(slack, fake, choice)
        assert thanks["response_type"] == "ephemeral" and "Thanks" in thanks["text"]
        bot.wait_for_log(f"feedback surface=button helpful={verdict} kind=row rows=Purpose")


# ------------------------------------------------------------------ App Home
def open_app_home(slack, user: str, tab: str):
    event = {"type": "app_home_opened", "user": user, "channel": unique("D"), "tab": tab}
    return slack.event({**event, "event_ts": unique_ts()})


def test_app_home_publishes_the_whole_comparison(slack, fake, kb):
    user = unique("U")
    open_app_home(slack, user, "home")
    view = fake.wait_for("views.publish", user_id=user)[0].params["view"]
    assert view["type"] == "home"
    body = texts(view["blocks"])
    assert headers(view["blocks"])[0] == TITLE
    assert "*In short*" in body and "*An analogy*" in body and "/k8s-compare" in body
    for row in kb.topics[0].rows:
        assert f"*{row.feature}*" in body


def test_app_home_messages_tab_publishes_nothing(slack, fake):
    user = unique("U")
    open_app_home(slack, user, "messages")
    open_app_home(slack, user, "home")  # a sentinel: once it is published, both were handled
    assert len(fake.wait_for("views.publish", user_id=user)) == 1


# ------------------------------------------------------------------ onboarding and tour
def join(slack, channel: str, user: str):
    return slack.event(
        {
            "type": "member_joined_channel",
            "user": user,
            "channel": channel,
            "channel_type": "C",
            "team": "T0FAKE",
            "event_ts": unique_ts(),
        }
    )


def test_joining_an_onboarding_channel_gets_a_private_welcome(slack, fake):
    user = unique("U")
    join(slack, ONBOARDING_CHANNEL, user)
    welcome = fake.wait_for("chat.postEphemeral", user=user)[0].params
    assert welcome["channel"] == ONBOARDING_CHANNEL
    body = texts(welcome["blocks"])
    assert "*In short*" in body and "*An analogy*" in body
    assert "Take the tour" in body


def test_joining_other_channels_or_the_bot_joining_gets_no_welcome(slack, fake):
    other, newcomer = unique("U"), unique("U")
    join(slack, unique("C"), other)
    join(slack, ONBOARDING_CHANNEL, BOT_USER_ID)
    join(
        slack, ONBOARDING_CHANNEL, newcomer
    )  # a sentinel: once it arrives, the others were handled
    fake.wait_for("chat.postEphemeral", user=newcomer)
    assert [c.params["user"] for c in fake.of("chat.postEphemeral")] == [newcomer]


def test_tour_walks_through_every_row_editing_the_same_message(slack, fake, kb):
    user, rows = unique("U"), kb.topics[0].rows
    join(slack, ONBOARDING_CHANNEL, user)
    blocks = fake.wait_for("chat.postEphemeral", user=user)[0].params["blocks"]
    step = tour_click(slack, fake, button(blocks, "Take the tour"))
    seen = [headers(step["blocks"])[0]]
    while "Next ▶" in texts(step["blocks"]):
        step = tour_click(slack, fake, button(step["blocks"], "Next"))
        seen.append(headers(step["blocks"])[0])
    assert seen == [r.feature for r in rows]
    assert f"step {len(rows)} of {len(rows)}" in texts(step["blocks"])
    back = tour_click(slack, fake, button(step["blocks"], "Back"))
    assert headers(back["blocks"]) == [rows[-2].feature]
    done = tour_click(slack, fake, button(back["blocks"], "Done"))
    assert "That's the tour" in done["text"]


def tour_click(slack, fake, choice: dict) -> dict:
    """Click a button on the ephemeral welcome/tour; the reply must replace that message."""
    params = click(slack, fake, choice, channel=ONBOARDING_CHANNEL)
    assert params["replace_original"] is True
    return params


def test_a_long_full_table_pages_in_place(fake, start_bot, tmp_path):
    rows = "".join(f"- feature: Row {i}\n  cells: [left {i}, right {i}]\n" for i in range(300))
    (tmp_path / "long.yaml").write_text(f"title: Long\nsubjects: [Left, Right]\nrows:\n{rows}")
    bot = start_bot(K8S_COMPARE_KNOWLEDGE_DIR=str(tmp_path))
    slack = SlackSender(bot.port, response_base=fake.response_url(""))
    first = slack.command("full table").json()["blocks"]
    assert "Rows 1–" in texts(first) and "of 300." in texts(first)
    second = click(slack, fake, button(first, "Next rows"))
    assert second["replace_original"] is True
    page_size = len([b for b in first if b.get("fields")])
    shown = [b["text"]["text"] for b in second["blocks"] if b.get("fields")]
    assert shown[0] == f"*Row {page_size}*"  # the next page starts where the first ended
    back = click(slack, fake, button(second["blocks"], "Previous rows"))
    assert [b["text"]["text"] for b in back["blocks"] if b.get("fields")][0] == "*Row 0*"
    assert fake.invalid == []
