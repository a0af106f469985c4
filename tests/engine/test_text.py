import pytest

from server.engine import ErrorCode, RuleError
from server.engine.text import clean_name, clean_text


def test_names_are_trimmed_folded_and_stripped_of_invisible_characters() -> None:
    assert clean_name("  Ana \t Lu\u200b\u202e ") == "Ana Lu"
    assert clean_name("Zoë") == "Zoë"


@pytest.mark.parametrize("raw", ["", "   ", "\u200b\u2066", "\x00\x07", "n" * 25])
def test_unusable_names_are_refused(raw: str) -> None:
    with pytest.raises(RuleError) as refused:
        clean_name(raw)
    assert refused.value.code is ErrorCode.NAME_INVALID


def test_texts_keep_their_lines_but_not_control_characters() -> None:
    assert clean_text("  Sorry!\r\n\r\n\r\n\r\nFixed.\x00 ") == "Sorry!\n\nFixed."


def test_text_limits() -> None:
    assert len(clean_text("a" * 500)) == 500
    with pytest.raises(RuleError) as refused:
        clean_text("a" * 501)
    assert refused.value.code is ErrorCode.TEXT_TOO_LONG
    with pytest.raises(RuleError) as refused:
        clean_text(" \n\t ")
    assert refused.value.code is ErrorCode.TEXT_EMPTY
