"""Hiding secrets in everything an error or a log line keeps: requests, replies, text, JSON.

A secret is the value of any header in :data:`~locally._constants.SECRET_HEADERS` (the API
token, the headless session id and cart JWT, credentials) and any session id or cart JWT a
headless reply carries in its body.  :class:`Redactor` gathers them from one exchange and
replaces each, wherever it appears, with ``<redacted>``, so a server that echoes a header back
in an error message cannot make the SDK keep it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from ._constants import REDACTED, SECRET_HEADERS

if TYPE_CHECKING:
    import httpx

__all__ = ["Redactor", "redacted_request"]

#: Secrets shorter than this are hidden where they are a whole header value, but not searched
#: for inside text: a short value would match ordinary words of a message ("t" in "not").
MIN_SECRET_IN_TEXT = 8
# Keys whose values are secrets wherever they appear in a headless reply body; a session's
# id is found under ``session``.
_SECRET_KEYS = frozenset({"cart_hash_jwt", "session_id"})
# The response extensions an error's copy keeps: plain bytes, safe to pickle.
_KEPT_EXTENSIONS = ("http_version", "reason_phrase")


def _secrets_in_json(content: bytes) -> set[str]:
    """Session ids and cart JWTs found in a JSON body (walked without recursion)."""
    try:
        stack: list[object] = [json.loads(content)]
    except (ValueError, RecursionError):
        return set()
    found: set[str] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            fields = cast("dict[str, object]", node)
            for key, value in fields.items():
                stack.append(value)
                if isinstance(value, str) and key in _SECRET_KEYS:
                    found.add(value)
                elif key == "session" and isinstance(value, dict):
                    ref = cast("dict[str, object]", value).get("id")
                    if isinstance(ref, str):
                        found.add(ref)
        elif isinstance(node, list):
            stack.extend(cast("list[object]", node))
    return found


class Redactor:
    """Replaces a set of secret values with ``<redacted>`` in text, JSON, requests and replies."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self._whole = frozenset(s for s in secrets if s)
        # Longest first, so a secret that contains another is replaced whole.
        self._in_text = sorted(
            (s for s in self._whole if len(s) >= MIN_SECRET_IN_TEXT), key=len, reverse=True
        )

    @classmethod
    def for_exchange(
        cls, request: httpx.Request | None, response: httpx.Response | None = None
    ) -> Redactor:
        """The secrets of one exchange: the request's secret headers and the reply's ids."""
        found: set[str] = set()
        if request is not None:
            found.update(v for k, v in request.headers.items() if k.lower() in SECRET_HEADERS)
        if response is not None:
            found.update(_secrets_in_json(_content(response)))
        return cls(found)

    def text(self, text: str) -> str:
        """``text`` with every secret replaced."""
        for secret in self._in_text:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def content(self, content: bytes) -> bytes:
        """Raw body bytes with every secret (as sent, or JSON-escaped) replaced."""
        for secret in self._in_text:
            for form in {secret, json.dumps(secret)[1:-1]}:
                encoded = form.encode("utf-8", "surrogatepass")
                if encoded in content:
                    content = content.replace(encoded, REDACTED.encode())
        return content

    def value(self, value: object) -> Any:
        """A copy of a decoded JSON value with every secret replaced (no recursion)."""
        if not self._in_text:
            return value
        root: list[object] = [value]
        stack: list[tuple[Any, Any]] = [(root, 0)]
        while stack:
            parent, key = stack.pop()
            node = parent[key]
            if isinstance(node, str):
                parent[key] = self.text(node)
            elif isinstance(node, dict):
                items = cast("dict[object, object]", node).items()
                copy = {self.text(k) if isinstance(k, str) else k: v for k, v in items}
                parent[key] = copy
                stack.extend((copy, k) for k in copy)
            elif isinstance(node, list):
                listed = list(cast("list[object]", node))
                parent[key] = listed
                stack.extend((listed, i) for i in range(len(listed)))
        return root[0]

    def headers(self, headers: httpx.Headers) -> list[tuple[bytes, bytes]]:
        """Raw header pairs with secret headers blanked and secrets in other values replaced.

        Bytes in, bytes out: a server may send any byte in a header value, and a copy must
        never fail to build.
        """
        encoding = headers.encoding
        pairs: list[tuple[bytes, bytes]] = []
        for name, value in headers.raw:
            if name.decode("latin-1").lower() in SECRET_HEADERS:
                value = REDACTED.encode()
            elif self._in_text:
                text = self.text(value.decode(encoding, "surrogateescape"))
                # The secret's own bytes too: a value read as latin-1 hides UTF-8 text.
                value = self.content(text.encode(encoding, "surrogateescape"))
            pairs.append((name, value))
        return pairs

    def request(self, request: httpx.Request) -> httpx.Request:
        """A copy of ``request`` that holds no secret (no body, no extensions, no password)."""
        import httpx

        url = request.url
        if url.password:
            # httpx rebuilds the whole userinfo from what is passed, so the user goes too.
            url = url.copy_with(username=url.username, password=REDACTED)
        # The body is not copied: a streamed body cannot be read twice, and request bodies are
        # already on the caller's side.
        copy = httpx.Request(request.method, url, headers=self.headers(request.headers))
        copy.extensions = {}
        return copy

    def response(self, response: httpx.Response, request: httpx.Request | None) -> httpx.Response:
        """A read copy of ``response`` whose headers, body and request hold no secret."""
        import httpx

        headers = [
            (name, value)
            for name, value in self.headers(response.headers)
            # The copy's body is already decoded and may be shorter once redacted.
            if name.lower() not in (b"content-encoding", b"content-length", b"transfer-encoding")
        ]
        extensions = {
            name: response.extensions[name]
            for name in _KEPT_EXTENSIONS
            if isinstance(response.extensions.get(name), bytes)
        }
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=self.content(_content(response)),
            request=request,
            extensions=extensions,
        )


def _content(response: httpx.Response) -> bytes:
    """The body of ``response`` if it has been read, else nothing."""
    import httpx

    try:
        return response.content
    except httpx.ResponseNotRead:
        return b""


def redacted_request(request: httpx.Request) -> httpx.Request:
    """Return a copy of ``request`` whose secret headers read ``<redacted>``.

    Errors keep this copy so that logging ``exc.request.headers`` or pickling an exception
    never leaks the API token, the session id or the cart JWT.
    """
    return Redactor.for_exchange(request).request(request)
