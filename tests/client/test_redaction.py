"""The redactor on its own: which values are secrets, and every place it must hide them.

``test_secrets.py`` checks the promise end to end (exceptions, logs, pickles); these tests pin
the rules the redactor applies, each written from what it documents: the secret headers
(Locally's token, session and cart JWT headers, the webhook token and both Authorization
headers), session ids and cart JWTs found anywhere in a JSON reply, secrets of 8 characters
or more searched for inside text, the longest first.
"""

from __future__ import annotations

import gzip
import json

import httpx
import pytest

from locally._redaction import Redactor, redacted_request

R = "<redacted>"
TOKEN = "tok_live_0123456789abcdef"
SESSION = "sess_4f1e2d3c4b5a6978"
JWT = "eyJhbGciOiJIUzI1NiJ9.payload.signature"


@pytest.mark.parametrize(
    "name",
    [
        "Locally-API-Token",
        "locally-api-token",
        "Locally-Api-Session-Id",
        "Locally-Pl-Jwt",
        "Locally-Webhook-Token",
        "Authorization",
        "Proxy-Authorization",
    ],
)
def test_each_secret_header_is_blanked_and_its_value_hidden_elsewhere(name: str) -> None:
    request = httpx.Request(
        "GET", "https://api.test/x", headers={name: TOKEN, "X-Echo": f"saw {TOKEN}!"}
    )
    copy = redacted_request(request)
    assert copy.headers[name] == R
    assert copy.headers["X-Echo"] == f"saw {R}!"
    assert request.headers[name] == TOKEN  # the original is left alone


def test_other_headers_are_not_secrets() -> None:
    request = httpx.Request("GET", "https://api.test/x", headers={"X-Request-Id": TOKEN})
    assert redacted_request(request).headers["X-Request-Id"] == TOKEN
    assert Redactor.for_exchange(request).text(TOKEN) == TOKEN


def test_secrets_are_searched_for_in_text_from_eight_characters() -> None:
    hide = Redactor(["abcdefg", "abcdefgh", ""])
    assert hide.text("abcdefg is short") == "abcdefg is short"
    assert hide.text("xabcdefghx") == f"x{R}x"
    # A short secret is still blanked where it is a whole secret header's value.
    request = httpx.Request("GET", "https://api.test/", headers={"Locally-API-Token": "abc"})
    assert Redactor.for_exchange(request).request(request).headers["Locally-API-Token"] == R


def test_the_longest_secret_is_replaced_first() -> None:
    hide = Redactor(["12345678", "12345678-extended", "zzzzzzzz"])
    assert hide.text("id 12345678-extended and 12345678") == f"id {R} and {R}"
    assert hide.content(b"12345678-extended") == R.encode()
    assert hide.value("12345678-extended") == R


def test_secrets_are_found_anywhere_in_a_json_reply() -> None:
    body = {
        "success": True,
        "data": {
            "session": {"id": SESSION, "other": "keep"},
            "carts": [{"cart_hash_jwt": JWT}, {"session_id": "sid_987654321"}],
            "count": 3,
            "session_id": 12345678,  # not a string: nothing to hide
            "cart_hash_jwt": None,
        },
        "note": "sess_notasecret",
    }
    request = httpx.Request("GET", "https://api.test/")
    response = httpx.Response(200, json=body, request=request)
    hide = Redactor.for_exchange(request, response)
    text = f"{SESSION} {JWT} sid_987654321 sess_notasecret 12345678 keep"
    assert hide.text(text) == f"{R} {R} {R} sess_notasecret 12345678 keep"


@pytest.mark.parametrize(
    "content", [b"not json", b"", b"[" * 100_000, b'{"session": "flat"}', b'"text"']
)
def test_a_reply_without_usable_json_yields_no_secrets(content: bytes) -> None:
    response = httpx.Response(200, content=content)
    hide = Redactor.for_exchange(None, response)
    assert hide.text("flat text sess_4f1e2d3c4b5a6978") == "flat text sess_4f1e2d3c4b5a6978"


def test_an_unread_reply_yields_no_secrets_and_no_error() -> None:
    def stream() -> httpx.SyncByteStream:
        return httpx.ByteStream(json.dumps({"session_id": SESSION}).encode())

    response = httpx.Response(200, stream=stream())
    hide = Redactor.for_exchange(None, response)
    assert hide.text(SESSION) == SESSION


def test_content_hides_the_raw_and_the_json_escaped_forms() -> None:
    secret = 'se"cret/é\\value'
    hide = Redactor([secret])
    escaped = json.dumps(secret)[1:-1].encode()
    assert escaped != secret.encode()
    assert hide.content(b"a " + secret.encode() + b" b") == f"a {R} b".encode()
    assert hide.content(b"a " + escaped + b" b") == f"a {R} b".encode()
    assert hide.content(b"nothing here") == b"nothing here"


def test_value_returns_a_redacted_copy_and_leaves_the_original() -> None:
    original = {
        "msg": f"bad token {TOKEN}",
        TOKEN: [TOKEN, 3, None, {"deep": [f"x{TOKEN}"]}],
        7: "seven",
    }
    hide = Redactor([TOKEN])
    copy = hide.value(original)
    assert copy == {"msg": f"bad token {R}", R: [R, 3, None, {"deep": [f"x{R}"]}], 7: "seven"}
    assert original["msg"] == f"bad token {TOKEN}"
    assert original[TOKEN] == [TOKEN, 3, None, {"deep": [f"x{TOKEN}"]}]


def test_value_without_long_secrets_is_the_same_object() -> None:
    value = {"a": ["b"]}
    assert Redactor(["short"]).value(value) is value
    assert Redactor([]).value(value) is value


def test_value_walks_deep_nesting_without_recursion() -> None:
    nested: object = TOKEN
    for _ in range(5_000):
        nested = [nested]
    copy = Redactor([TOKEN]).value(nested)
    for _ in range(5_000):
        assert isinstance(copy, list)
        copy = copy[0]
    assert copy == R


def test_header_bytes_that_are_not_text_survive_the_copy() -> None:
    headers = httpx.Headers([(b"X-Raw", b"\xff\xfe " + TOKEN.encode() + b" \x80")])
    pairs = Redactor([TOKEN]).headers(headers)
    assert pairs == [(b"X-Raw", b"\xff\xfe " + R.encode() + b" \x80")]


def test_header_names_keep_their_spelling() -> None:
    headers = httpx.Headers([(b"LOCALLY-API-TOKEN", TOKEN.encode()), (b"X-Other", b"v")])
    assert Redactor([]).headers(headers) == [(b"LOCALLY-API-TOKEN", R.encode()), (b"X-Other", b"v")]


def test_a_request_copy_has_no_password_body_or_extensions() -> None:
    request = httpx.Request(
        "POST",
        "https://ops:hunter2-password@api.test/api/v2/cart/AB?x=1",
        headers={"Locally-API-Token": TOKEN},
        content=b"secret body",
        extensions={"timeout": {"read": 1.0}, "trace": print},
    )
    copy = redacted_request(request)
    assert copy.method == "POST"
    assert copy.url.password == R
    assert copy.url.username == "ops"
    assert (copy.url.host, copy.url.path, copy.url.query) == ("api.test", "/api/v2/cart/AB", b"x=1")
    assert copy.extensions == {}
    assert copy.content == b""
    assert "hunter2" not in str(copy.url)


def test_a_url_without_a_password_is_kept_as_is() -> None:
    request = httpx.Request("GET", "https://ops@api.test/p")
    assert str(redacted_request(request).url) == "https://ops@api.test/p"


def test_a_response_copy_hides_secrets_and_drops_what_no_longer_fits() -> None:
    request = httpx.Request("POST", "https://api.test/p", headers={"Locally-API-Token": TOKEN})
    body = json.dumps({"message": f"token {TOKEN} refused", "session_id": SESSION}).encode()
    response = httpx.Response(
        400,
        headers={
            "Content-Encoding": "gzip",
            "Content-Type": "application/json",
            "X-Echo": TOKEN,
            "Locally-Pl-Jwt": JWT,
        },
        content=gzip.compress(body),
        request=request,
        extensions={
            "http_version": b"HTTP/1.1",
            "reason_phrase": b"Bad Request",
            "network_stream": object(),
        },
    )
    response.read()
    hide = Redactor.for_exchange(request, response)
    safe_request = hide.request(request)
    copy = hide.response(response, safe_request)
    assert copy.status_code == 400
    assert copy.request is safe_request
    assert json.loads(copy.content) == {"message": f"token {R} refused", "session_id": R}
    assert "content-encoding" not in copy.headers
    assert copy.headers["content-type"] == "application/json"
    assert copy.headers["x-echo"] == R
    assert copy.headers["locally-pl-jwt"] == R
    assert copy.extensions == {"http_version": b"HTTP/1.1", "reason_phrase": b"Bad Request"}
    assert copy.reason_phrase == "Bad Request"


def test_a_response_copy_keeps_only_byte_extensions() -> None:
    response = httpx.Response(200, content=b"{}", extensions={"http_version": "HTTP/2"})
    copy = Redactor([]).response(response, None)
    assert copy.extensions == {}
    assert copy.content == b"{}"


def test_a_secret_inside_a_longer_one_does_not_split_it() -> None:
    # The shorter secret sorts after the longer one alphabetically: only length decides.
    hide = Redactor(["zzzzzzzz", "azzzzzzzzz"])
    assert hide.text("[azzzzzzzzz] [zzzzzzzz]") == f"[{R}] [{R}]"
    assert hide.content(b"azzzzzzzzz") == R.encode()


def test_a_secret_with_a_lone_surrogate_is_hidden_in_content() -> None:
    # JSON may carry a lone surrogate ("\ud800"); such a session id is still a secret.
    response = httpx.Response(200, content=b'{"session_id": "\\ud800abcdefgh"}')
    hide = Redactor.for_exchange(None, response)
    assert hide.content(response.content) == b'{"session_id": "' + R.encode() + b'"}'
    # As sent: the surrogate's own three bytes.
    assert hide.content(b"<\xed\xa0\x80abcdefgh>") == f"<{R}>".encode()
    assert hide.text("x\ud800abcdefghx") == f"x{R}x"


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_header_bytes_that_do_not_fit_a_set_encoding_survive_the_copy(encoding: str) -> None:
    # Headers whose encoding is set rather than guessed may hold bytes it cannot decode.
    raw = b"\xff\xfe " + TOKEN.encode() + b" \x80"
    headers = httpx.Headers([(b"X-Raw", raw), (b"X-Plain", b"ok")], encoding=encoding)
    pairs = Redactor([TOKEN]).headers(headers)
    assert pairs == [(b"X-Raw", b"\xff\xfe " + R.encode() + b" \x80"), (b"X-Plain", b"ok")]


@pytest.mark.parametrize("name", ["Content-Length", "Transfer-Encoding"])
def test_a_response_copy_has_framing_headers_for_its_own_body(name: str) -> None:
    long_secret = "sess_" + "9" * 40
    value = "chunked" if name.lower() == "transfer-encoding" else "999"
    response = httpx.Response(
        200,
        headers=[(name, value), ("Content-Type", "text/plain")],
        content=f"echo {long_secret}".encode(),
    )
    copy = Redactor([long_secret]).response(response, None)
    assert copy.content == f"echo {R}".encode()
    assert "transfer-encoding" not in copy.headers
    assert copy.headers["content-length"] == str(len(copy.content))
    assert copy.headers["content-type"] == "text/plain"


def test_a_response_copy_of_an_unread_reply_has_an_empty_body() -> None:
    response = httpx.Response(200, content=iter([b"never read"]))
    copy = Redactor([TOKEN]).response(response, None)
    assert copy.content == b""


def test_a_non_ascii_secret_is_hidden_in_a_header_read_as_latin_1() -> None:
    # One header that is not UTF-8 makes httpx read every value as latin-1; a secret echoed as
    # UTF-8 bytes in another header must still be found.
    secret = "séssion-abcdef12"
    headers = httpx.Headers([(b"X-Echo", b"[" + secret.encode() + b"]"), (b"X-Raw", b"\xff")])
    assert headers.encoding == "iso-8859-1"
    pairs = Redactor([secret]).headers(headers)
    assert pairs == [(b"X-Echo", b"[" + R.encode() + b"]"), (b"X-Raw", b"\xff")]
