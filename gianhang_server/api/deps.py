"""What every route needs: the caller, the request's session, the settings, page sizes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from gianhang_server.auth import Caller
from gianhang_server.settings import Settings


def _caller(request: Request) -> Caller:
    return request.scope["state"]["caller"]


def _session(request: Request) -> Session:
    return request.scope["state"]["db"]


def _settings(request: Request) -> Settings:
    return request.app.state.settings


CallerDep = Annotated[Caller, Depends(_caller)]
SessionDep = Annotated[Session, Depends(_session)]
SettingsDep = Annotated[Settings, Depends(_settings)]

IDEMPOTENCY_DOC = "1 to 128 printable ASCII characters; a retry with the same key replays the first answer."
IdempotencyKeyRequired = Annotated[
    str, Header(alias="Idempotency-Key", min_length=1, max_length=128, pattern=r"^[\x20-\x7e]+$", description=IDEMPOTENCY_DOC)
]
IdempotencyKeyOptional = Annotated[
    str | None, Header(alias="Idempotency-Key", min_length=1, max_length=128, pattern=r"^[\x20-\x7e]+$", description=IDEMPOTENCY_DOC)
]
IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description='Expected current version (3, "3", W/"3" or *); 409 when it differs, 400 when it is not a version.',
           # Documented only: a value of another form is answered 400 bad_if_match, not 422.
           json_schema_extra={"pattern": r'^[ \t]*(?:\*|(?:W/)?"?[0-9]{1,18}"?)[ \t]*$'}),
]
