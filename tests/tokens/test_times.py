"""tokens/times: the one home of time wording (spans, time left, expiry)."""

from tokenexplorer.tokens.times import countdown, is_past


def test_countdown_words_time_left():
    assert countdown(3720) == "1 h 02 min"
    assert countdown(725) == "12 min 05 s"
    assert countdown(725, whole_minutes=True) == "12 min"
    assert countdown(42) == "42 s" and countdown(-5) == "0 s"


def test_is_past_and_out_of_range():
    assert is_past(100, now=100) and is_past(99, now=100) and not is_past(101, now=100)
    assert not is_past(10**400, now=0) and not is_past(float("nan"), now=0)
