"""A logging filter that masks what looks like a mobile number or an ID number in every
log record, with the masks the pages use.

The code logs no personal field itself (ids and action types only); this is for what
others log: Django's "Not Found: /path" names a path a user typed, a traceback may carry
a value. Installed on the console handler and on the Django loggers that log request
paths (`settings.LOGGING`), so it runs before any handler (also a test's) sees the record.
"""

from __future__ import annotations

import logging
import re

# An 18-character ID number (17 digits and a digit or X), a mainland mobile (1[3-9] and 9
# digits, optionally +86/86), each not inside a longer run of digits.
_ID_RE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])")


def _mask_mobile(match: re.Match) -> str:
    digits = re.sub(r"[^0-9]", "", match.group())[-11:]
    return digits[:3] + "****" + digits[-4:]


def mask_numbers(text: str) -> str:
    """`text` with every ID number and mobile number masked as the pages mask them
    (`people.validation.mask_id_number` / `mask_phone`: 430*************** / 138****5678;
    core imports no domain app, so the two masks are repeated here)."""
    text = _ID_RE.sub(lambda m: m.group()[:3] + "*" * 15, text)
    return _MOBILE_RE.sub(_mask_mobile, text)


class MaskPersonalNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is the logging module's to report
            return True
        masked = mask_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_numbers(record.exc_text)
        return True
