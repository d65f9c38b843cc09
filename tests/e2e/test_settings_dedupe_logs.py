"""The small pieces the server relies on: settings, the de-duplication store, log redaction."""

from __future__ import annotations

import logging
import threading

import pytest

from bot.dedupe import MemoryDedupe
from bot.slack.logs import RedactingFormatter
from bot.slack.settings import DEFAULT_API_URL, SettingsError, load_settings

HTTP = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}


def test_http_mode_defaults():
    settings = load_settings(HTTP)
    assert not settings.socket_mode
    assert (settings.port, settings.api_url, settings.onboarding_channels) == (
        3000,
        DEFAULT_API_URL,
        frozenset(),
    )


def test_socket_mode_needs_no_signing_secret_and_channels_are_parsed():
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_APP_TOKEN": "xapp-1",
            "K8S_COMPARE_ONBOARDING_CHANNELS": " C1, C2 C3,,",
            "SLACK_API_URL": "http://x:1/api",
        }
    )
    assert settings.socket_mode
    assert settings.onboarding_channels == {"C1", "C2", "C3"}
    assert settings.api_url == "http://x:1/api/"  # WebClient appends method names to it


def test_metrics_port_is_off_unless_set_and_checked_when_it_is():
    assert load_settings(HTTP).metrics_port == 0
    assert load_settings({**HTTP, "METRICS_PORT": "9100"}).metrics_port == 9100
    with pytest.raises(SettingsError) as error:
        load_settings({**HTTP, "METRICS_PORT": "99999"})
    (problem,) = error.value.problems
    assert problem == "METRICS_PORT must be a whole number from 1 to 65535 (or unset)."


def test_settings_the_bot_would_silently_ignore_are_refused():
    """"#general" welcomed nobody, LOG_LEVEL=bogus and LOG_FORMAT=xml kept the defaults."""
    with pytest.raises(SettingsError) as error:
        load_settings({**HTTP, "K8S_COMPARE_ONBOARDING_CHANNELS": "C0123,#general",
                       "LOG_LEVEL": "bogus", "LOG_FORMAT": "xml"})
    assert error.value.problems == [
        "K8S_COMPARE_ONBOARDING_CHANNELS: '#general' is not a channel ID like C0123ABCD; Slack "
        "shows it in the channel's details.",
        "LOG_LEVEL: 'bogus' is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL.",
        "LOG_FORMAT: 'xml' is not json or text."]
    assert load_settings({**HTTP, "LOG_LEVEL": "debug", "LOG_FORMAT": "JSON"}).port == 3000


def test_every_problem_is_reported_at_once_and_no_value_is_repeated():
    with pytest.raises(SettingsError) as error:
        load_settings({"SLACK_BOT_TOKEN": "abc-secret", "PORT": "0", "K8S_COMPARE_THREADS": "many"})
    message = str(error.value)
    assert len(error.value.problems) == 4
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "PORT", "K8S_COMPARE_THREADS"):
        assert name in message
    assert "abc-secret" not in message
    assert repr(load_settings(HTTP)).count("xoxb") == 0  # tokens stay out of reprs too


def test_a_key_is_claimed_once_until_it_expires():
    now = [0.0]
    store = MemoryDedupe(ttl=60, clock=lambda: now[0])
    assert store.claim("a") and not store.claim("a") and store.claim("b")
    now[0] = 59
    assert not store.claim("a")
    now[0] = 61
    assert store.claim("a")


def test_memory_stays_bounded_forgetting_the_oldest_first():
    store = MemoryDedupe(max_keys=3)
    for key in "abcd":
        assert store.claim(key)
    assert store.claim("a")  # forgotten to make room
    assert not store.claim("d")


def test_concurrent_claims_of_one_key_let_exactly_one_through():
    store, wins, barrier = MemoryDedupe(), [], threading.Barrier(16)

    def race():
        barrier.wait()
        wins.append(store.claim("same"))

    threads = [threading.Thread(target=race) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wins.count(True) == 1


def test_tokens_are_masked_in_messages_and_tracebacks():
    formatter = RedactingFormatter("%(message)s")
    try:
        raise ValueError("bad token xapp-1-A0-secret")
    except ValueError as error:
        record = logging.LogRecord(
            "x", logging.ERROR, "f", 1, "using %s", ("xoxb-123-abc",), (type(error), error, None)
        )
    line = formatter.format(record)
    assert "xoxb-***" in line and "xapp-***" in line
    assert "123-abc" not in line and "A0-secret" not in line
