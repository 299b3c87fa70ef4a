"""PayError: the one exception pay normalisation raises (shared by pay.py and currency.py)."""

from __future__ import annotations

# Every code a PayError may carry; the loader quarantines the record under this code.
PAY_ERROR_CODES = (
    "unknown_currency",
    "pay_range_inverted",
    "negative_pay",
    "absurd_pay",
    "bad_pay_value",
)


class PayError(ValueError):
    """A pay value that cannot be accepted at all; the record goes to quarantine."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code  # one of PAY_ERROR_CODES
        self.message = message
