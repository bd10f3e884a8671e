"""Pydantic models for every payload the Locally APIs send and receive."""

from ._fields import UnknownValue
from .cart_to_cart import OutcomeStatus
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
from .headless import HeadlessCart, HeadlessOrder
from .headless_inputs import HeadlessCustomer, HeadlessSession
from .order_resolution import OrderResolution, OrderStatus
from .stores import ConversionStart, StockStatus, StoreData, StoreMarker, UserGeo
from .updates import CartUpdateReport, ItemOutcome, UpdateResult

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
    "CartUpdateReport",
    "ConversionStart",
    "HeadlessCart",
    "HeadlessCustomer",
    "HeadlessOrder",
    "HeadlessSession",
    "ItemOutcome",
    "ItemStatus",
    "OrderResolution",
    "OrderStatus",
    "OutcomeStatus",
    "ShipToStoreStatus",
    "StockStatus",
    "StoreData",
    "StoreMarker",
    "UnknownValue",
    "UpdateResult",
    "UserGeo",
]
