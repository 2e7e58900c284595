"""Staff tables: the people who sign in, the sign-in policy, and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db.base import Base, UtcDateTime, utcnow

ROLE_CODES = ("manager", "stock_clerk", "sales")


class User(Base):
    """A person who signs in; `password_hash` is an argon2id hash (core/staff/passwords.py)."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('manager', 'stock_clerk', 'sales')", name="role_known"),
        CheckConstraint("failed_logins >= 0", name="failed_logins_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40))
    # The name trimmed and case-folded: what uniqueness and sign-in compare ("Lan " == "lan").
    username_key: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Consecutive failed sign-ins, and until when sign-in is refused after too many of them.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AccessPolicy(Base):
    """One row: whether this database asks everyone to sign in (always, on a shared server)."""

    __tablename__ = "access_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    login_required: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntry(Base):
    """One line of the append-only audit log: who did what to which thing, when, before and after.

    `before`/`after` are JSON objects of the fields that changed (empty for none).
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_target", "target_kind", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    user_name: Mapped[str] = mapped_column(String(80), default="", index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    target_kind: Mapped[str] = mapped_column(String(20), default="")
    target: Mapped[str] = mapped_column(String(120), default="")
    before: Mapped[str] = mapped_column(Text, default="{}")
    after: Mapped[str] = mapped_column(Text, default="{}")
