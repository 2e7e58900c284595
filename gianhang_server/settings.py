"""One typed settings object for the reference server, with every default in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimit:
    """A token bucket: ``capacity`` requests, refilled at ``per_second`` tokens a second."""

    capacity: float
    per_second: float

    @classmethod
    def parse(cls, text: str) -> RateLimit | None:
        """Parse ``"20/s"``, ``"600/min"`` or ``"0"`` (off)."""
        text = text.strip().lower()
        if text in ("0", "off", "none", ""):
            return None
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*/\s*(s|sec|second|m|min|minute)", text)
        if not match:
            raise ValueError(f"rate limit must look like 20/s or 600/min, not {text!r}")
        count = float(match.group(1))
        if count <= 0:
            return None
        seconds = 1.0 if match.group(2).startswith("s") else 60.0
        return cls(capacity=count, per_second=count / seconds)


@dataclass(frozen=True)
class Settings:
    """Everything the server can be configured with."""

    db_url: str = "sqlite:///gianhang-server.db"
    # Authentication windows, seconds.
    clock_skew: int = 300
    nonce_window: int = 600
    # Idempotency records are kept at least this long (the contract says 24 h).
    idempotency_ttl: int = 48 * 3600
    # Request bodies, bytes.
    max_json_body: int = 1024 * 1024
    max_image_body: int = 2 * 1024 * 1024
    # Page sizes (50 by default, 200 at most; changes 100 and 500) and batch sizes (100 products,
    # 50 stock items, 8 gallery images) are part of the published contract, fixed in schemas.py.
    # Per-shop rate limit; None turns it off.
    rate_limit: RateLimit | None = RateLimit(capacity=50, per_second=50)
    # Fault injection (off at 0).
    fault_rate: float = 0.0
    fault_seed: int | None = None
    fault_kinds: tuple[str, ...] = ("500", "503", "429", "stall", "drop")
    fault_stall_seconds: float = 30.0
    # Automatic listing review: None = only by the ``review`` command.
    review_delay: float | None = None
    review_poll_seconds: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 <= self.fault_rate < 1.0:
            raise ValueError("fault rate must be in [0, 1)")
        unknown = set(self.fault_kinds) - {"500", "503", "429", "stall", "drop"}
        if unknown or not self.fault_kinds:
            raise ValueError(f"unknown fault kinds: {sorted(unknown)}")
