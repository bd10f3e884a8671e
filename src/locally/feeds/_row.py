"""The base of the feed row models: a row that cannot be in a feed raises the SDK's error.

Rows are built by callers to write a feed, so a bad value is a caller's input like any other
and must raise :class:`~locally.FeedRowValidationError`, never pydantic's ``ValidationError``.
"""

from __future__ import annotations

from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    ModelWrapValidatorHandler,
    ValidationError,
    model_validator,
)
from typing_extensions import Self

from .._errors import FeedRowValidationError

__all__ = ["FeedRow"]


def _problems(exc: ValidationError) -> tuple[str, list[str]]:
    """The first field at fault and every problem as ``field: message``."""
    errors = exc.errors(include_url=False)
    problems = [f"{'.'.join(map(str, e['loc'])) or 'row'}: {e['msg']}" for e in errors]
    first = ".".join(map(str, errors[0]["loc"])) if errors else ""
    return first or "row", problems


def _error(model: str, field: str, problems: list[str]) -> FeedRowValidationError:
    return FeedRowValidationError(
        f"invalid {model}: {'; '.join(problems)}", field=field, errors=problems
    )


class FeedRow(BaseModel):
    """A row of a feed: frozen; a bad value or an unknown keyword raises ``FeedRowValidationError``.

    An unknown keyword is refused rather than dropped, so a typo (``qty=`` for ``quantity=``)
    cannot write a feed without the value the caller meant.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="wrap")
    @classmethod
    def _typed_errors(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        # FeedRowValidationError is not a ValueError, which pydantic would wrap again: this
        # one reaches the caller.  It is raised outside the handler, so pydantic's error
        # (which holds the input) is not kept with it.
        try:
            row = handler(data)
        except ValidationError as exc:
            field, problems = _problems(exc)
        else:
            rule = row._broken_rule()
            if rule is None:
                return row
            field, problems = "row", [f"row: {rule}"]
        raise _error(cls.__name__, field, problems)

    def _broken_rule(self) -> str | None:
        """A rule over several fields that the row breaks; None when it keeps them all."""
        return None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """Parse a row from JSON; JSON that is not a valid row raises the SDK's error."""
        # Text that is not JSON fails before any validator runs, so the wrap above never sees it.
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as exc:
            field, problems = _problems(exc)
        raise _error(cls.__name__, field, problems)
