"""Cell values as the import reads them: text, dates (a day, a month or a year), codes, several values.

>>> period("31.12.2020"), period("03/2021"), period(2019)
(rdflib.term.Literal('2020-12-31', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date')), rdflib.term.Literal('2021-03', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYearMonth')), rdflib.term.Literal('2019', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear')))
>>> period("31.02.2020")
Traceback (most recent call last):
ValueError: kein Kalendertag: der Februar 2020 hat 29 Tage
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from rdflib import Literal
from rdflib.namespace import XSD

from .vocabulary import LIST_SEPARATOR

DATE_FORMS = "ein Datum (15.03.2021 oder 2021-03-15), ein Monat (03/2021 oder 2021-03) oder ein Jahr (2021)"
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]
_DAY = [re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"), re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")]
_MONTH = [re.compile(r"(?P<m>\d{1,2})[./](?P<y>\d{4})"), re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})")]
_YEAR = re.compile(r"(?P<y>\d{4})")


def text(value) -> str:
    """A cell as text: numbers without a trailing .0, dates as ISO dates, empty cells as ""."""
    if type(value) is str:   # most cells, several times a row: the checks below are for the rest
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value).strip()


def values(value) -> list[str]:
    """Several values in one cell, separated by ";" (empty parts dropped)."""
    return [part.strip() for part in text(value).split(LIST_SEPARATOR) if part.strip()]


def period(value) -> Literal:
    """A start or end as xsd:date, xsd:gYearMonth or xsd:gYear; ValueError in German if it is none."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, (int, float)) and float(value).is_integer():
        value = str(int(value))
    cell = text(value)
    for pattern in _DAY:
        if found := pattern.fullmatch(cell):
            return _day(int(found["y"]), int(found["m"]), int(found["d"]))
    for pattern in _MONTH:
        if found := pattern.fullmatch(cell):
            _check_month(int(found["m"]))
            return Literal(f"{int(found['y']):04d}-{int(found['m']):02d}", datatype=XSD.gYearMonth)
    if _YEAR.fullmatch(cell):
        return Literal(cell, datatype=XSD.gYear)
    raise ValueError(f"keine Zeitangabe; erlaubt ist {DATE_FORMS}")


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"kein Monat: {month} (1 bis 12)")


def _day(year: int, month: int, day: int) -> Literal:
    _check_month(month)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"kein Kalendertag: der {MONTHS[month - 1]} {year} hat {last} Tage")
    return Literal(dt.date(year, month, day).isoformat(), datatype=XSD.date)


def first_day(literal: Literal) -> str:
    """The first day a start stands for, as ISO text ("2021" → "2021-01-01")."""
    return (str(literal) + "-01-01")[:10] if len(str(literal)) == 4 else (str(literal) + "-01")[:10]


def last_day(literal: Literal) -> str:
    """The last day an end stands for ("2021-02" → "2021-02-28")."""
    lexical = str(literal)
    if len(lexical) == 4:
        return lexical + "-12-31"
    if len(lexical) == 7:
        year, month = int(lexical[:4]), int(lexical[5:])
        return f"{lexical}-{calendar.monthrange(year, month)[1]:02d}"
    return lexical
