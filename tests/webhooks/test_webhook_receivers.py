"""The FastAPI and Flask receiver examples, driven through each framework's test client."""

from __future__ import annotations

import importlib.util
import json
from types import ModuleType
from typing import Any

import pytest

from tests.helpers import DATA, EXAMPLES

SECRET = "whsec_receiver_test_1"
HEADERS = {"locally-webhook-token": SECRET}


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # The receivers read their secrets when imported, and refuse to start without one.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOCALLY_WEBHOOK_SECRETS", f"{SECRET},whsec_receiver_test_0")
        spec.loader.exec_module(module)
    return module


def _docs_samples() -> list[tuple[str, dict[str, Any]]]:
    return [(p.stem, json.loads(p.read_text())) for p in sorted(DATA.glob("*.json"))]


@pytest.fixture(scope="module")
def fastapi_client() -> Any:
    from fastapi.testclient import TestClient

    return TestClient(_load("webhook_fastapi").app)


@pytest.fixture(scope="module")
def flask_client() -> Any:
    return _load("webhook_flask").app.test_client()


@pytest.mark.parametrize(("name", "payload"), _docs_samples())
def test_fastapi_accepts_docs_samples(fastapi_client: Any, name: str, payload: Any) -> None:
    response = fastapi_client.post("/locally/webhook", json=payload, headers=HEADERS)
    assert response.status_code == 200
    if name == "handoff":
        assert response.json()["url"] == "https://shop.example.com/cart/abc123"
        assert response.json()["date"].endswith("Z")
    else:
        assert payload["order_id"] in response.json()["received"]


@pytest.mark.parametrize(("name", "payload"), _docs_samples())
def test_flask_accepts_docs_samples(flask_client: Any, name: str, payload: Any) -> None:
    response = flask_client.post("/locally/webhook", json=payload, headers=HEADERS)
    assert response.status_code == 200
    body = response.get_json()
    if name == "handoff":
        assert body["url"] == "https://shop.example.com/cart/abc123"
    else:
        assert body["order"] == payload["order_id"]


def test_fastapi_rejects_wrong_token_and_garbage(fastapi_client: Any) -> None:
    payload = json.loads((DATA / "handoff.json").read_text())
    wrong = fastapi_client.post(
        "/locally/webhook", json=payload, headers={"locally-webhook-token": "x"}
    )
    assert wrong.status_code == 401
    missing = fastapi_client.post("/locally/webhook", json=payload)
    assert missing.status_code == 401
    garbage = fastapi_client.post("/locally/webhook", content=b"[]", headers=HEADERS)
    assert garbage.status_code == 400
    assert "JSON object" in garbage.json()["error"]


def test_flask_rejects_wrong_token_and_handles_put(flask_client: Any) -> None:
    from locally.testing import FakeLocally

    payload = FakeLocally(generated_carts=0).webhooks.pushcart_payload("PDQE89")
    wrong = flask_client.put(
        "/locally/webhook", json=payload, headers={"locally-webhook-token": "x"}
    )
    assert wrong.status_code == 401
    put = flask_client.put("/locally/webhook", json=payload, headers=HEADERS)
    assert put.get_json() == {"auto_rejected": True, "cart": "PDQE89", "received": "pushcart"}
