"""How far the window's text can be zoomed, in which steps: the policy, free of Qt.

A teacher projects the window: 80–300 %, in steps that feel even (small ones near 100 %,
larger ones above 200 %). Presenter mode asks for at least PRESENTER_PERCENT.
"""

from __future__ import annotations

STEPS = (80, 90, 100, 110, 125, 150, 175, 200, 250, 300)
MINIMUM, MAXIMUM, DEFAULT = STEPS[0], STEPS[-1], 100
PRESENTER_PERCENT = 160  # presenter mode: at least 1.6x the normal size


def clamp(percent: float) -> int:
    """`percent` held within 80–300 (any number, e.g. a hand-edited setting)."""
    if percent != percent:  # NaN
        return DEFAULT
    return round(min(max(percent, MINIMUM), MAXIMUM))


def zoom_in(percent: float) -> int:
    """The next step above `percent` (or the maximum)."""
    return next((step for step in STEPS if step > percent), MAXIMUM)


def zoom_out(percent: float) -> int:
    """The next step below `percent` (or the minimum)."""
    return next((step for step in reversed(STEPS) if step < percent), MINIMUM)


def parse_percent(text: object) -> int | None:
    """A zoom from a setting or the command line ("150", "150%", 150); None when unreadable.
    Out-of-range values are clamped, not refused."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return clamp(text)
    if not isinstance(text, str):
        return None
    cleaned = text.strip().removesuffix("%").strip()
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return clamp(value)


def presenter_percent(percent: float) -> int:
    """The zoom presenter mode uses: the user's own, but never under 1.6x."""
    return clamp(max(percent, PRESENTER_PERCENT))


__all__ = ["DEFAULT", "MAXIMUM", "MINIMUM", "PRESENTER_PERCENT", "STEPS", "clamp",
           "parse_percent", "presenter_percent", "zoom_in", "zoom_out"]
