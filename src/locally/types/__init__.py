"""Pydantic models for every payload the Locally APIs send and receive."""

from .carts import (
    CartCustomer,
    CartDetail,
    CartDetailProperties,
    CartItem,
    CartMessage,
    CartPageProperties,
    CartStore,
    CartSummary,
    CartSummaryItem,
    CartType,
    ItemStatus,
    ShipToStoreStatus,
)

__all__ = [
    "CartCustomer",
    "CartDetail",
    "CartDetailProperties",
    "CartItem",
    "CartMessage",
    "CartPageProperties",
    "CartStore",
    "CartSummary",
    "CartSummaryItem",
    "CartType",
    "ItemStatus",
    "ShipToStoreStatus",
]
