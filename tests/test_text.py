"""Text the bot echoes back ("You asked: ...", the team's post, a relayed reply) carries no
invisible character: bot/text.py writes the Unicode format characters (category Cf) out as
ranges, and this checks them against the running Python's Unicode database."""

from __future__ import annotations

import re
import sys
import unicodedata

from bot.text import (
    FORMAT_CHARACTERS,
    clean_question,
    identifiers,
    in_a_script_we_cannot_read,
    section_numbers,
    without_invisible,
    words,
)

EVERY_CODE_POINT = range(sys.maxunicode + 1)


def format_characters() -> list[str]:
    """Every character Python's Unicode database puts in category Cf."""
    return [chr(c) for c in EVERY_CODE_POINT if unicodedata.category(chr(c)) == "Cf"]


def test_every_format_character_in_unicodes_database_is_dropped_from_echoed_text():
    everything = format_characters()
    assert len(everything) > 150, unicodedata.unidata_version  # the scan found them
    kept = [f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in everything
            if clean_question(f"con{c}tainer") != "container"
            or without_invisible(f"con{c}tainer") != "container"]
    assert not kept, (f"Cf characters (Unicode {unicodedata.unidata_version}) still echoed; "
                      f"add them to FORMAT_CHARACTERS in bot/text.py: {kept}")


def test_all_of_them_at_once_and_nothing_else_goes():
    hidden = "".join(format_characters())
    assert clean_question(f"what is{hidden} a  pod?{hidden}") == "what is a pod?"
    visible = "Qu'est-ce qu'un conteneur ? 容器 🚢"
    assert clean_question(visible) == visible


def test_the_written_out_ranges_hold_only_format_or_unassigned_characters():
    """Nothing visible is dropped: a code point in the list is Cf here, or unassigned in this
    Python's Unicode version (a later version's Cf, such as U+13439-1343F in Unicode 15)."""
    listed = re.compile(f"[{FORMAT_CHARACTERS}]")
    wrong = [f"U+{c:04X} {unicodedata.category(chr(c))}" for c in EVERY_CODE_POINT
             if listed.match(chr(c)) and unicodedata.category(chr(c)) not in ("Cf", "Cn")]
    assert not wrong, wrong


def test_a_message_mostly_in_another_script_is_told_apart_from_english_with_a_foreign_word():
    for unreadable in ("redis 的最大值是多少?", "Что такое кластер?", "RedisのString型の上限は?",
                       "쿠버네티스 클러스터란?"):
        assert in_a_script_we_cannot_read(unreadable), unreadable
    for readable in ("what is a kubernetes cluster?", "¿Qué es un clúster?",
                     "what does 'Привет' in my container logs mean?", "naïve café résumé", ""):
        assert not in_a_script_we_cannot_read(readable), readable


def test_a_negation_typed_without_its_apostrophe_reads_as_two_words():
    """"wouldnt", "didnt", "shouldnt": people drop the apostrophe of every negated
    auxiliary, not only of "dont"; each reads as the auxiliary and "not"."""
    assert words("it wouldnt scale and we didnt try") == [
        "it", "would", "not", "scale", "and", "we", "did", "not", "try"]
    assert words("shouldnt, hasnt, dont") == ["should", "not", "has", "not", "do", "not"]


def test_the_sections_a_text_cites():
    assert section_numbers("Retention period (§4.2)") == ["4.2"]
    assert section_numbers("what do sections 7.1 and 7.2 say?") == ["7.1", "7.2"]
    assert section_numbers("§§ 5.1, 5.3") == ["5.1", "5.3"]
    assert section_numbers("Access (Section 7.1, reviewed 2024)") == ["7.1"]  # no "2024"
    assert section_numbers("TLS 1.2 or the second section") == []


def test_the_ids_a_text_writes():
    assert identifiers("CVE-2024-3094 (xz), see ADR-025 and inc-1234") == [
        "CVE-2024-3094", "ADR-025", "INC-1234"]
    assert identifiers("HTTP/2, IPv6, e-2, k8s-1.29, x-ray") == []
    assert identifiers("pods web-0 and web-1, see CVE-2024-6387", written_upper=True) == [
        "CVE-2024-6387"]  # a table's pod names are no ids to route by


def test_words_keep_letters_with_accents_as_people_type_them_without():
    """"führerschein" was cut into "f" and "hrerschein", in the table and the question
    alike, so a German dispatch team's own words found nothing (a reviewer, forty-fourth
    session); typed without the umlaut, as many do, it is the same word."""
    from bot.text import words
    assert words("Führerschein C/CE, Ausrüstung, Straße") == [
        "fuhrerschein", "c", "ce", "ausrustung", "strasse"]
    assert words("Fuhrerschein") == words("Führerschein")
    assert words("café naïve Zürich") == ["cafe", "naive", "zurich"]
    assert words("Redis 的最大值") == ["redis"]  # another script is still no Latin word


def test_explain_it_like_im_5_is_the_idiom_with_a_digit():
    """"explain perio maint like im 5" got a row (a dental desk's reviewer, forty-fifth
    session): the digit reads as the idiom's "five", as "eli 5" reads as "eli5"."""
    for typed in ("explain it like im 5", "like I'm 5 please", "like i am 5"):
        assert "like im five" in " ".join(words(clean_question(typed))), typed
    assert "five" not in words(clean_question("what do they charge like I pay 5"))
