"""The weekly digest in Slack: `k8s-compare report --post CHANNEL` posts it, and the bot
answers its "See the questions" buttons.

Posting is a one-off command (a Kubernetes CronJob runs it weekly), so it talks to the Web
API with a plain client and reports any failure as one line with what to do about it. With
OAuth distribution there is no one bot token: `--team T...` names the workspace, whose
token is read (and decrypted) from the bot's database, and whose figures the digest shows. The
chart is drawn before anything is posted, so a missing matplotlib posts nothing; then the
Block Kit message goes out, then the chart (files_upload_v2) right under it.

The button is answered by the running bot, from its own database: the digest and the bot
must share one (the PostgreSQL database of an HTTP deployment).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.exc import SQLAlchemyError

from bot.chart import ChartUnavailable, answers_chart
from bot.digest import SHOW_QUESTIONS, QuestionsRef, digest_message, questions_message, window
from bot.outbox import Job
from bot.report import Report, ReportError, read_report, unanswered_groups
from bot.slack.clicks import take_click
from bot.slack.delivery import command_client
from bot.slack.deps import Deps, bind
from bot.slack.logs import configure_logging
from bot.slack.settings import SettingsError, load_web_api_settings
from bot.store import DatabaseUnavailable

CHART_FILE = "k8s-compare-answers-per-day.png"
UNREADABLE = "That button's questions cannot be read. Run `k8s-compare report` instead."
DATABASE_DOWN = "The database cannot be read right now; try the button again in a while."
# What to do about the Web API errors a digest can meet.
ADVICE = {
    "not_in_channel": "invite the bot to that channel first (/invite @k8s-compare)",
    "channel_not_found": "give the channel's ID (C…, at the bottom of the channel's details) "
                         "and invite the bot to it",
    "missing_scope": "the app needs the chat:write and files:write scopes: update it from "
                     "manifest.yaml and reinstall it",
    "invalid_auth": "check SLACK_BOT_TOKEN",
    "not_authed": "set SLACK_BOT_TOKEN",
    "token_revoked": "the token was revoked: reinstall the app and use its new token",
    "is_archived": "that channel is archived",
}


def post_report(args: argparse.Namespace) -> int:
    """`k8s-compare report --post CHANNEL`: exit status 0 when the digest and its chart
    were posted, 1 (with one line saying why) otherwise."""
    configure_logging(os.environ.get("LOG_LEVEL") or "WARNING")  # its own lines are enough
    try:
        settings = load_web_api_settings()
        if settings.oauth:
            settings = replace(settings, bot_token=workspace_token(settings, args))
        report = read_report(args)
        chart = answers_chart(report.by_day, chart_title(report)) if report.total else None
    except SettingsError as error:
        return fail("; ".join(error.problems))
    except (ReportError, ChartUnavailable) as error:
        return fail(str(error))
    problem = post_digest(command_client(settings), args.post, report, chart)
    if problem:
        return fail(problem)
    charted = " and its chart" if chart else ""
    print(f"posted the digest{charted} to {args.post}: {window(report)}, "
          f"{report.questions:,} questions typed, {len(report.unanswered):,} unanswered groups")
    return 0


def workspace_token(settings, args: argparse.Namespace) -> str:
    """The bot token of the workspace `--team` names, from the bot's database."""
    if not getattr(args, "team", None):
        raise ReportError("with OAuth distribution (SLACK_CLIENT_ID), say which workspace to "
                          "post to: --team T0123ABCD")
    from sqlalchemy import create_engine

    from bot.report import database_url
    from bot.slack.installations import EncryptedInstallationStore
    from bot.store import engine_url

    engine = create_engine(engine_url(database_url(args.database)))
    try:
        installations = EncryptedInstallationStore(settings.client_id, engine,
                                                   settings.encryption_key)
        bot = installations.find_bot(enterprise_id=None, team_id=args.team)
    except SQLAlchemyError as error:
        raise ReportError(f"cannot read the installations ({type(error).__name__})") from error
    finally:
        engine.dispose()
    if bot is None or not bot.bot_token:
        raise ReportError(f"workspace {args.team} has not installed the app (or its token "
                          "cannot be decrypted with K8S_COMPARE_ENCRYPTION_KEY)")
    return bot.bot_token


def fail(line: str) -> int:
    print(f"k8s-compare: {line}", file=sys.stderr)
    return 1


def chart_title(report: Report) -> str:
    return f"Answers per day by kind, and the answer rate, {window(report)}"


def post_digest(client: WebClient, channel: str, report: Report, chart: bytes | None) -> str:
    """Post the digest and, when there is one, its chart; "" or what failed, in one line."""
    message = digest_message(report, charted=chart is not None)
    try:
        client.chat_postMessage(channel=channel, unfurl_links=False, **message.payload())
    except (SlackApiError, SlackClientError, OSError) as error:
        return f"the digest was not posted to {channel}: {reason(error)}"
    if chart is None:
        return ""
    try:
        client.files_upload_v2(
            channel=channel, file=chart, filename=CHART_FILE, title=chart_title(report),
            alt_txt="Bar chart of answers per day by kind, with a line for the answer rate",
        )
    except (SlackApiError, SlackClientError, OSError) as error:
        return f"the digest was posted to {channel}, but its chart was not: {reason(error)}"
    return ""


def reason(error: Exception) -> str:
    """Slack's error code and what to do about it; never a token or a message's content."""
    if isinstance(error, SlackApiError):
        code = str(error.response.get("error", "unknown_error"))
        advice = ADVICE.get(code)
        return f"Slack said {code}" + (f" ({advice})" if advice else "")
    return f"no answer from Slack ({type(error).__name__})"


# ------------------------------------------------------------------ the button
def show_questions(d: Deps, job: Job) -> str:
    """Every wording of one unanswered group, to the person who clicked (ephemeral)."""
    ref = QuestionsRef.decode(job.payload.get("value", ""))
    store = d.recorder.store
    if ref is None or store is None:
        payload = {"text": UNREADABLE}
    else:
        try:
            groups = unanswered_groups(store, ref.since, ref.until)
        except DatabaseUnavailable:
            payload = {"text": DATABASE_DOWN}
        else:
            group = next((g for g in groups if ref.names(g)), None)
            payload = questions_message(ref, group).payload()
    return d.delivery.respond(
        job.payload.get("response_url", ""),
        {**payload, "response_type": "ephemeral", "replace_original": False},
    )


def register(app, d: Deps) -> None:
    app.action(SHOW_QUESTIONS)(bind(take_click, d))
    d.courier.handles(SHOW_QUESTIONS, bind(show_questions, d))
