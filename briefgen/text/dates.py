"""The fact base's date grammar and its localised display: str -> DateSpec -> str.

Grammar (documented in facts.toml):  [early-|mid-|late-] YYYY [-MM [-DD [/DD]]]
A qualifier goes only before a year or a month. Display keeps the source's precision:
"2017", "late 2017", "July 2021", "mid-October 2023", "27 January 2024", "7-8 August 2023";
in Arabic the Iraqi (Syriac-derived) month name is paired with the Egyptian-style one,
«27 كانون الثاني/يناير 2024».
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import total_ordering

from briefgen.text.numerals import to_style

_DATE = re.compile(
    r"^(?:(?P<q>early|mid|late)-)?(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})(?:/(?P<d2>\d{2}))?)?)?$"
)
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
AR_MONTHS = (
    "كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
    "حزيران/يونيو", "تموز/يوليو", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر",
)
EN_QUALIFIERS = {"early": "early", "mid": "mid-", "late": "late"}
AR_QUALIFIERS = {"early": "مطلع", "mid": "منتصف", "late": "أواخر"}
_QUALIFIER_PLACE = {"early": 0.2, "mid": 0.5, "late": 0.8}  # of the year or the month


@total_ordering
@dataclass(frozen=True)
class DateSpec:
    """A date at the precision its source gives. Orders chronologically: a year before its
    months, early- before mid- before late-, a month before its days."""

    year: int
    month: int = 0
    day: int = 0
    day_end: int = 0
    qualifier: str = ""

    def sort_key(self) -> tuple[int, float, float, int]:
        """(year, month, day, end day), a qualifier standing for its part of the period."""
        part = _QUALIFIER_PLACE.get(self.qualifier, 0)
        if self.month:
            return self.year, self.month, self.day or part * 30, self.day_end
        return self.year, part * 12, 0, 0

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, DateSpec):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def iso(self) -> str:
        """The most precise ISO-8601 prefix: 2024, 2024-01 or 2024-01-27."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


class DateSyntaxError(ValueError):
    """A string that is not a date of the grammar; the message says what is wrong."""


def parse_date(text: str) -> DateSpec:
    """Parse one date of the grammar; DateSyntaxError with the reason when it is not one."""
    match = _DATE.match(text)
    if not match:
        raise DateSyntaxError(
            f"{text!r} is not a date: write YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DD/DD, "
            "or early-/mid-/late- before YYYY or YYYY-MM"
        )
    q, y, m, d, d2 = match.group("q", "y", "m", "d", "d2")
    month, day, day_end = int(m or 0), int(d or 0), int(d2 or 0)
    if m and not 1 <= month <= 12:
        raise DateSyntaxError(f"{text!r}: month {month} is not 1-12")
    days_in_month = calendar.monthrange(int(y), month)[1] if m else 0
    if d and not 1 <= day <= days_in_month:
        raise DateSyntaxError(f"{text!r}: day {day} does not exist in month {month} of {y}")
    if d2 and not day < day_end <= days_in_month:
        raise DateSyntaxError(f"{text!r}: a range of days must end after it starts, in the month")
    if q and day:
        raise DateSyntaxError(f"{text!r}: early-/mid-/late- go before a year or a month, not a day")
    return DateSpec(int(y), month, day, day_end, q or "")


def format_date(date: DateSpec, lang: str, digits: str = "western") -> str:
    """The date in the paper's language, at its own precision, in the paper's digits."""
    days = f"{date.day}-{date.day_end}" if date.day_end else (str(date.day) if date.day else "")
    if lang == "ar":
        words = [AR_QUALIFIERS[date.qualifier]] if date.qualifier else []
        words += [days] if days else []
        words += [AR_MONTHS[date.month - 1]] if date.month else []
        return to_style(" ".join([*words, str(date.year)]), digits)
    head = EN_MONTHS[date.month - 1] if date.month else ""
    text = " ".join(w for w in (days, head, str(date.year)) if w)
    if date.qualifier:
        sep = "" if EN_QUALIFIERS[date.qualifier].endswith("-") else " "
        text = f"{EN_QUALIFIERS[date.qualifier]}{sep}{text}"
    return text
