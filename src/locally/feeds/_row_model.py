"""The base every feed row model shares: a row built with a bad value raises a LocallyError."""

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


class FeedRow(BaseModel):
    """A feed row: frozen, unknown keywords refused, and bad values raised as a LocallyError.

    Pydantic's ``ValidationError`` is not a :class:`~locally.LocallyError`, and rows are the one
    place a user builds a model by hand, so without this a typo'd keyword or a negative
    quantity would escape the SDK's hierarchy.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="wrap")
    @classmethod
    def _typed_errors(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        # FeedRowValidationError is not a ValueError, which pydantic would wrap again: this
        # one reaches the caller.  It is raised outside the handler, so pydantic's error is
        # not kept with it.
        try:
            row = handler(data)
        except ValidationError as exc:
            details = exc.errors()
            problems = [f"{'.'.join(map(str, e['loc'])) or 'row'}: {e['msg']}" for e in details]
            first = ".".join(map(str, details[0]["loc"])) if details else ""
        else:
            problems = row._row_problems()
            if not problems:
                return row
            first = "row"
        raise FeedRowValidationError(
            f"invalid {cls.__name__}: {'; '.join(problems)}",
            field=first or "row",
            errors=problems,
        )

    def _row_problems(self) -> list[str]:
        """Problems spanning several fields, once each field is valid on its own."""
        return []
