"""How current the guides are: the age of each review and of each contested point, for pages and `make check`."""

from __future__ import annotations

from datetime import date

from .content import Content
from .languages import SOURCE_LANGUAGE
from .problems import WARNING, Problem

DEFAULT_MAX_AGE_DAYS = 90


def is_stale(checked: date, max_age_days: int, today: date | None = None) -> bool:
    """True when a date of checking is older than the allowed age: readers must be told."""
    return ((today or date.today()) - checked).days > max_age_days


def law_as_of(content: Content) -> date:
    """The day the law was last checked: the newest review of any guide."""
    return max((guide.reviewed for guide in content.guides.values()), default=date.today())


def currency_problems(content: Content, max_age_days: int, today: date | None = None) -> list[Problem]:
    """A warning for every guide, and every contested point, last checked longer ago than allowed."""
    problems = []
    for slug, guide in content.guides.items():
        text = content.texts[(SOURCE_LANGUAGE, slug)]
        if is_stale(guide.reviewed, max_age_days, today):
            problems.append(Problem(text.path, 0, f"last reviewed {guide.reviewed}, more than {max_age_days} days ago: "
                                    "check every claim against its sources, then update 'reviewed'", WARNING))
        for point in text.asides:
            if is_stale(point.checked, max_age_days, today):
                problems.append(Problem(text.path, 0, f"contested point '{point.topic}' last checked {point.checked}, "
                                        f"more than {max_age_days} days ago", WARNING))
            if point.checked < guide.reviewed:
                problems.append(Problem(text.path, 0, f"contested point '{point.topic}' says it was checked "
                                        f"{point.checked}, before the guide's review on {guide.reviewed}: a review "
                                        "checks every point, so give it the review's date", WARNING))
    return problems
