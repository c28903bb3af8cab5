"""Base 36 (0-9, a-z): short ids inside custom ids and nonces, written once."""

from __future__ import annotations

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def base36(value: int) -> str:
    if value < 0:
        raise ValueError("ids are not negative")
    digits = ""
    while True:
        value, rest = divmod(value, 36)
        digits = DIGITS[rest] + digits
        if value == 0:
            return digits


def from_base36(text: str) -> int:
    return int(text, 36)
