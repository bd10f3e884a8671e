"""What a caller hands the headless API: the shopper's session and the customer placing an order.

The replies Locally sends are in :mod:`locally.types.headless`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from typing_extensions import Self

from .._constants import REDACTED
from .._errors import RequestValidationError

__all__ = ["HeadlessCustomer", "HeadlessSession"]


@dataclass
class HeadlessSession:
    """What ties a shopper to their headless cart between calls.

    Keep one per shopper (for example in their web session: :meth:`to_dict` /
    :meth:`from_dict` give a small JSON-able value).  The SDK sends the session id and the
    cart JWT with every call and updates this object in place when Locally rotates an
    expired session id, so a long-lived storefront never tracks it by hand.
    """

    session_id: str | None = None
    """Locally's session id; it can expire, and the next reply then carries a new one.  A
    secret: ``repr()`` shows it as ``<redacted>``."""
    cart_hash_jwt: str | None = None
    """The token that finds the cart again; it does not expire.  Treat it as a secret."""
    cart_hash: str | None = None
    """The cart hash, needed to place the order."""
    hold: bool | None = None
    """True when the items were added for ROPIS (``hold=True``), False for BOPIS."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able copy, to store between requests."""
        return {
            "session_id": self.session_id,
            "cart_hash_jwt": self.cart_hash_jwt,
            "cart_hash": self.cart_hash,
            "hold": self.hold,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> HeadlessSession:
        """Rebuild a session stored with :meth:`to_dict` (unknown keys are ignored)."""
        hold = data.get("hold")
        return cls(
            session_id=data.get("session_id") or None,
            cart_hash_jwt=data.get("cart_hash_jwt") or None,
            cart_hash=data.get("cart_hash") or None,
            hold=bool(hold) if hold is not None else None,
        )

    def __repr__(self) -> str:
        # Both ids are secrets: whoever holds them holds the shopper's cart.
        session_id = REDACTED if self.session_id else self.session_id
        jwt = REDACTED if self.cart_hash_jwt else self.cart_hash_jwt
        return (
            f"HeadlessSession(session_id={session_id!r}, cart_hash_jwt={jwt!r}, "
            f"cart_hash={self.cart_hash!r}, hold={self.hold!r})"
        )


class HeadlessCustomer(BaseModel):
    """The shopper placing a headless order; checked before anything is sent.

    ROPIS orders need names, email and phone; BOPIS orders also the billing address.
    """

    model_config = ConfigDict(str_strip_whitespace=True)

    first_name: str = Field(min_length=1, description="First name.")
    last_name: str = Field(min_length=1, description="Last name.")
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description="Email address.")
    phone: str = Field(min_length=1, description="Phone number.")
    address: str | None = Field(default=None, description="Billing street address (BOPIS).")
    city: str | None = Field(default=None, description="Billing city (BOPIS).")
    state: str | None = Field(default=None, description="Billing state (BOPIS).")
    zip: str | None = Field(default=None, description="Billing postal code (BOPIS).")
    country: str | None = Field(default=None, description="Billing country code (BOPIS), e.g. US.")
    opt_in_retailer: bool = Field(default=False, description="Marketing consent for the store.")
    opt_in_brand: bool = Field(default=False, description="Marketing consent for the brand.")

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Check a customer given as a dict; a bad field raises RequestValidationError.

        The error names the field (``customer.email``) and what is wrong, and holds none of
        the shopper's data: not in its message, not in ``.value`` (errors are logged, pickled
        and sent to error trackers, and a customer's details are personal data).
        """
        try:
            return super().model_validate(obj, **options)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"])
            message = first["msg"]
        field = f"customer.{where}" if where else "customer"
        raise RequestValidationError(f"{field}: {message}", field=field, value=None)

    @property
    def full_name(self) -> str:
        """First and last name, as Locally's ``full_name``."""
        return f"{self.first_name} {self.last_name}"
