"""The store finder: the exact wire, checks before sending, typed replies, and the fake."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import anyio
import pytest
import respx

from locally import AsyncLocally, Locally, NotFoundError, RequestValidationError
from locally.testing import FakeLocally
from locally.types.headless import AcquisitionOptions
from locally.types.stores import ConversionStart, StockStatus, StoreData
from tests.helpers import BASE, TOKEN, Mode

H = f"{BASE}/headless/api/1.0"
# Locally's reference sample for conversion/start (locally-docs/05), verbatim.
START_SAMPLE: dict[str, Any] = {
    "success": True,
    "data": {
        "style": "999",
        "company_id": 999,
        "upc": "000000000000",
        "company_name": "ACME Outfitters Chicago",
        "initial_store_id": 999,
        "company_logo": "image.jpg",
        "user_geo": {
            "lat": "41.8756719",
            "lng": "-87.6243469",
            "city_label": "Chicago, IL",
            "country": "US",
            "distance_unit": "mi",
        },
    },
}
MARKER: dict[str, Any] = {
    "id": 99999,
    "name": "ACME Oufitters Chicago",
    "address": "123 ACME St.",
    "city": "Chicago",
    "state": "IL",
    "zip": "00000",
    "country": "US",
    "lat": "41.91136867",
    "lng": "-87.67771437",
    "phone": "(555) 555-5555",
    "company_id": 99,
    "vendor_id": "",
    "stock_status": "PTP_BOPIS",
    "mon_time_open": 1100,
    "mon_time_close": 1900,
    "sun_time_open": 1100,
    "sun_time_close": 1700,
    "acquisition_options": {"bopis": 1, "sdd": 0, "ropis": 1},
}
# The shopper in Locally's sample, in Chicago's Loop.
LOOP = (Decimal("41.8756719"), Decimal("-87.6243469"))


def test_start_conversion_wire_and_docs_sample(respx_mock: respx.MockRouter, mode: Mode) -> None:
    route = respx_mock.get(f"{H}/conversion/start").respond(200, json=START_SAMPLE)
    start = mode.run(lambda c: c.headless.start_conversion(999, upc="000000000000"))
    request = route.calls.last.request
    assert request.method == "GET"
    assert request.url.path == "/headless/api/1.0/conversion/start"
    assert request.url.query == b"company_id=999&upc=000000000000"
    assert request.headers["Locally-API-Token"] == TOKEN
    assert request.content == b""
    assert isinstance(start, ConversionStart)
    assert (start.style, start.company_id, start.upc) == ("999", 999, "000000000000")
    assert (start.company_name, start.initial_store_id) == ("ACME Outfitters Chicago", 999)
    assert start.company_logo == "image.jpg"
    geo = start.user_geo
    assert (geo.lat, geo.lng) == LOOP
    assert isinstance(geo.lat, Decimal)
    assert (geo.city_label, geo.country, geo.distance_unit) == ("Chicago, IL", "US", "mi")


def test_start_conversion_by_style_with_product_id(
    respx_mock: respx.MockRouter, mode: Mode
) -> None:
    route = respx_mock.get(f"{H}/conversion/start").respond(200, json=START_SAMPLE)
    mode.run(lambda c: c.headless.start_conversion(999, style="99999", product_id=12))
    assert route.calls.last.request.url.query == b"company_id=999&style=99999&product_id=12"


def test_store_data_wire_and_typed_markers(respx_mock: respx.MockRouter, mode: Mode) -> None:
    odd = {**MARKER, "id": 7, "stock_status": "PTP_LOCKER", "lat": "", "distance_km": 3}
    route = respx_mock.get(f"{H}/conversion/store_data").respond(
        200, json={"success": True, "data": {"markers": [MARKER, odd], "map": {"z": 1}}, "msg": ""}
    )
    result = mode.run(
        lambda c: c.headless.store_data(
            company_id=99,
            upc="000000000000",
            map_center_lat=Decimal("41.8756719"),
            map_center_lng=-87.6243469,
            map_distance_unit="MI",
            map_distance_diag=25,
            dealers_company_id=5,
        )
    )
    request = route.calls.last.request
    assert request.method == "GET"
    assert request.url.path == "/headless/api/1.0/conversion/store_data"
    assert request.url.query == (
        b"company_id=99&upc=000000000000&map_center_lat=41.8756719&map_center_lng=-87.6243469"
        b"&map_distance_unit=mi&map_distance_diag=25&dealers_company_id=5"
    )
    assert request.headers["Locally-API-Token"] == TOKEN
    assert "Locally-Api-Session-Id" not in request.headers
    assert isinstance(result, StoreData)
    first, second = result.markers
    assert (first.id, first.name, first.city, first.zip) == (
        99999,
        MARKER["name"],
        "Chicago",
        "00000",
    )
    assert (first.lat, first.lng) == (Decimal("41.91136867"), Decimal("-87.67771437"))
    assert first.stock_status is StockStatus.PTP_BOPIS
    assert (first.mon_time_open, first.sun_time_close) == (1100, 1700)
    assert first.acquisition_options == AcquisitionOptions(bopis=True, sdd=False, ropis=True)
    assert second.stock_status == "PTP_LOCKER"  # a status Locally adds later stays text
    assert second.lat is None
    assert second.model_extra == {"distance_km": 3}
    assert result.model_extra == {"map": {"z": 1}}


def test_store_data_for_one_store_needs_no_centre(respx_mock: respx.MockRouter, mode: Mode) -> None:
    route = respx_mock.get(f"{H}/conversion/store_data").respond(
        200, json={"success": True, "data": {"markers": [MARKER]}}
    )
    mode.run(
        lambda c: c.headless.store_data(
            company_slug="acme-outfitters",
            style="HL400",
            map_distance_unit="km",
            map_distance_diag=1,
            only_store_id=99999,
        )
    )
    assert route.calls.last.request.url.query == (
        b"company_slug=acme-outfitters&style=HL400&map_distance_unit=km&map_distance_diag=1"
        b"&only_store_id=99999"
    )


def _finder(**changes: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "company_id": 99,
        "upc": "000000000000",
        "map_center_lat": "41.87",
        "map_center_lng": "-87.62",
        "map_distance_unit": "mi",
        "map_distance_diag": 25,
    }
    arguments.update(changes)
    return arguments


REFUSED = [
    ("no product", _finder(upc=None), "upc"),
    ("upc and style", _finder(style="X"), "upc"),
    ("upc not digits", _finder(upc="12-34"), "upc"),
    ("blank style", _finder(upc=None, style="  "), "style"),
    ("no centre", _finder(map_center_lat=None, map_center_lng=None), "map_center_lat"),
    ("half a centre", _finder(map_center_lng=None), "map_center_lng"),
    ("latitude beyond 90", _finder(map_center_lat="91"), "map_center_lat"),
    ("longitude not a number", _finder(map_center_lng="west"), "map_center_lng"),
    ("longitude infinite", _finder(map_center_lng=float("inf")), "map_center_lng"),
    ("unit miles", _finder(map_distance_unit="miles"), "map_distance_unit"),
    ("diag zero", _finder(map_distance_diag=0), "map_distance_diag"),
    ("diag fractional", _finder(map_distance_diag=2.5), "map_distance_diag"),
    ("diag True", _finder(map_distance_diag=True), "map_distance_diag"),
    ("no company", _finder(company_id=None), "company_id"),
    ("two companies", _finder(company_slug="acme"), "company_id"),
    ("store id negative", _finder(only_store_id=-3), "only_store_id"),
]


@pytest.mark.parametrize(("name", "arguments", "field"), REFUSED, ids=[r[0] for r in REFUSED])
def test_store_data_refused_before_sending(
    respx_mock: respx.MockRouter, mode: Mode, name: str, arguments: dict[str, Any], field: str
) -> None:
    route = respx_mock.get(f"{H}/conversion/store_data")
    with pytest.raises(RequestValidationError) as info:
        mode.run(lambda c: c.headless.store_data(**arguments))
    assert info.value.field == field
    assert field in str(info.value)
    assert route.call_count == 0


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"upc": "000000000000", "style": "9"}, "upc"),
        ({}, "upc"),
        ({"upc": "000000000000", "product_id": 0}, "product_id"),
    ],
)
def test_start_conversion_refused_before_sending(
    respx_mock: respx.MockRouter, arguments: dict[str, Any], field: str
) -> None:
    route = respx_mock.get(f"{H}/conversion/start")
    with (
        Locally(api_token=TOKEN, base_url=BASE) as client,
        pytest.raises(RequestValidationError) as info,
    ):
        client.headless.start_conversion(99, **arguments)
    assert info.value.field == field
    with (
        Locally(api_token=TOKEN, base_url=BASE) as client,
        pytest.raises(RequestValidationError, match="company_id"),
    ):
        client.headless.start_conversion("99", upc="000000000000")  # type: ignore[arg-type]
    assert route.call_count == 0


def test_raw_response_forms(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(f"{H}/conversion/start").respond(200, json=START_SAMPLE)
    respx_mock.get(f"{H}/conversion/store_data").respond(200, json={"success": True, "data": {}})
    with Locally(api_token=TOKEN, base_url=BASE) as client:
        raw = client.headless.with_raw_response.start_conversion(999, upc="000000000000")
        assert raw.status_code == 200
        assert raw.parse().company_id == 999
        stores = client.headless.with_raw_response.store_data(**_finder())
        assert stores.parse().markers == []


# -- against FakeLocally -------------------------------------------------------------------


def _near(
    client: Locally, upc: str, lat: object, lng: object, diag: int = 25, unit: str = "mi"
) -> list[int | None]:
    found = client.headless.store_data(
        company_id=99,
        upc=upc,
        map_center_lat=lat,  # type: ignore[arg-type]
        map_center_lng=lng,  # type: ignore[arg-type]
        map_distance_unit=unit,
        map_distance_diag=diag,
    )
    return [marker.id for marker in found.markers]


def test_fake_answers_by_centre_distance_and_upc() -> None:
    fake = FakeLocally(generated_carts=0)
    with fake.serve() as url, Locally(api_token=fake.api_token, base_url=url) as client:
        # From the Loop: the Chicago store is about 3.7 mi away, Evanston about 12 mi.
        assert _near(client, "012345678905", *LOOP) == [99999, 99998]
        assert _near(client, "012345678905", *LOOP, diag=5) == [99999]
        # From Evanston the order turns round.
        assert _near(client, "012345678905", "42.05", "-87.68", diag=20) == [99998, 99999]
        # The widget is stocked in Chicago and Milwaukee, not Evanston.
        assert _near(client, "000000000000", *LOOP) == [99999]
        assert _near(client, "000000000000", "43.04", "-87.91", diag=10) == [99997]
        assert _near(client, "000000000000", *LOOP, diag=100) == [99999, 99997]
        # 25 km is less than 25 mi: Evanston (19.5 km from the Loop) is in, and 15 km is not.
        assert _near(client, "012345678905", *LOOP, diag=25, unit="km") == [99999, 99998]
        assert _near(client, "012345678905", *LOOP, diag=15, unit="km") == [99999]
        assert _near(client, "036000291452", *LOOP) == []


def test_fake_markers_carry_stock_and_options() -> None:
    fake = FakeLocally(generated_carts=0)
    with fake.client() as client:
        markers = client.headless.store_data(
            company_id=99,
            upc="012345678905",
            map_center_lat=LOOP[0],
            map_center_lng=LOOP[1],
            map_distance_unit="mi",
            map_distance_diag=25,
        ).markers
    chicago, evanston = markers
    assert chicago.stock_status is StockStatus.PTP_BOPIS
    assert evanston.stock_status is StockStatus.PTP_ROPIS
    assert evanston.acquisition_options == AcquisitionOptions(bopis=False, sdd=False, ropis=True)
    distance = chicago.distance_from(*LOOP)
    assert distance is not None
    assert 3.6 < distance < 3.8
    assert (evanston.lat, evanston.lng) == (Decimal("42.04615"), Decimal("-87.68194"))


def test_fake_sold_out_store_drops_out_and_set_status_shows() -> None:
    fake = FakeLocally(generated_carts=0)
    fake.headless.products[(99999, "012345678905")].qty_available = 0
    fake.add_store(
        5, "Corner Shop", lat=Decimal("41.88"), lng=Decimal("-87.63"), bopis=False, ropis=False
    )
    fake.add_product(
        5,
        "012345678905",
        name="Headlamp",
        price=Decimal("40"),
        qty_available=1,
        stock_status="IN_STOCK",
    )
    with fake.client() as client:
        found = client.headless.store_data(
            **_finder(upc="012345678905", map_center_lat=LOOP[0], map_center_lng=LOOP[1])
        ).markers
    assert [(m.id, m.stock_status) for m in found] == [
        (5, StockStatus.IN_STOCK),
        (99998, StockStatus.PTP_ROPIS),
    ]


def test_fake_start_conversion_answers_the_sample_shape() -> None:
    fake = FakeLocally(generated_carts=0)
    with fake.client() as client:
        raw = client.headless.with_raw_response.start_conversion(99, upc="012345678905")
        by_style = client.headless.start_conversion(99, style="HL400")
        with pytest.raises(NotFoundError, match="Company not found"):
            client.headless.start_conversion(12345, upc="012345678905")
    body = raw.http_response.json()
    assert set(body["data"]) == set(START_SAMPLE["data"])
    assert set(body["data"]["user_geo"]) == set(START_SAMPLE["data"]["user_geo"])
    start = raw.parse()
    assert (start.upc, start.company_name, start.initial_store_id) == (
        "012345678905",
        "ACME Outfitters",
        99999,
    )
    assert (start.user_geo.lat, start.user_geo.lng) == LOOP
    # Stocked in two stores, the headlamp is the style's most common variant.
    assert (by_style.upc, by_style.style) == ("012345678905", "HL400")


def test_fake_start_conversion_names_the_nearest_store_to_the_shopper() -> None:
    fake = FakeLocally(generated_carts=0)
    fake.headless.shopper.lat, fake.headless.shopper.lng = Decimal("42.06"), Decimal("-87.69")
    with fake.client() as client:
        assert client.headless.start_conversion(99, upc="012345678905").initial_store_id == 99998


def test_fake_only_store_id_and_slug() -> None:
    fake = FakeLocally(generated_carts=0)
    with fake.client() as client:
        found = client.headless.store_data(
            company_slug="acme-outfitters",
            upc="012345678905",
            map_distance_unit="mi",
            map_distance_diag=1,
            only_store_id=99998,
        )
    assert [m.id for m in found.markers] == [99998]


def test_fake_store_finder_async_in_process() -> None:
    fake = FakeLocally(generated_carts=0)

    async def main() -> list[int | None]:
        async with fake.async_client() as client:
            start = await client.headless.start_conversion(99, upc="000000000000")
            found = await client.headless.store_data(
                company_id=99,
                upc=start.upc,
                map_center_lat=start.user_geo.lat,
                map_center_lng=start.user_geo.lng,
                map_distance_unit="mi",
                map_distance_diag=100,
            )
            return [m.id for m in found.markers]

    assert anyio.run(main) == [99999, 99997]


def test_async_twin_refuses_before_sending() -> None:
    async def main() -> None:
        async with AsyncLocally(api_token=TOKEN, base_url=BASE) as client:
            await client.headless.store_data(**_finder(map_distance_unit="m"))

    with pytest.raises(RequestValidationError, match="map_distance_unit"):
        anyio.run(main)
