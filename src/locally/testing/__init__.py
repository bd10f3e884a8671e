"""A test double of Locally for your own test suites.

``FakeLocally`` keeps carts in memory and answers the API as Locally documents it, so code
written against :class:`locally.Locally` can be tested without a network or a token.
"""

from ._carts import FakeCart, FakeItem
from ._fake import FakeLocally

__all__ = ["FakeCart", "FakeItem", "FakeLocally"]
