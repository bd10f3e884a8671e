"""From "where can I buy this UPC?" to a placed ROPIS order, with the headless store finder.

Runs against FakeLocally over loopback: start the store finder for a headlamp, list the stores
around the shopper that have it, pick the nearest one that takes reservations, and reserve
the item there.
"""

from __future__ import annotations

from locally import HeadlessCustomer, Locally
from locally.testing import FakeLocally

COMPANY_ID = 99  # the retailer (or brand) whose stores to search
UPC = "012345678905"
HOST = "www.example.com"


def reserve_nearest(client: Locally) -> None:
    """Find the stores that have the UPC and reserve it at the nearest one offering ROPIS."""
    start = client.headless.start_conversion(COMPANY_ID, upc=UPC)
    geo = start.user_geo
    lat, lng = geo.lat, geo.lng
    if lat is None or lng is None:
        raise SystemExit("Locally could not place the shopper; ask for a postal code instead")
    print(f"{start.company_name}: shopper near {geo.city_label} ({lat}, {lng})")

    stores = client.headless.store_data(
        company_id=COMPANY_ID,
        upc=start.upc,
        map_center_lat=lat,
        map_center_lng=lng,
        map_distance_unit="mi",
        map_distance_diag=25,
    )
    for store in stores.markers:
        away = store.distance_from(lat, lng)
        print(f"  {store.id} {store.name}: {away:.1f} mi, {store.stock_status}")

    # Markers come nearest first; keep those that take reservations (ROPIS).
    reservable = [
        s for s in stores.markers if s.acquisition_options and s.acquisition_options.ropis
    ]
    store = reservable[0]
    print(f"reserving at {store.name} (#{store.id})")
    cart = client.headless.add_item(store_id=store.id or 0, upc=UPC, host_domain=HOST, hold=True)
    order = client.headless.place_ropis_order(
        cart.session,
        customer=HeadlessCustomer(
            first_name="Ana", last_name="Ito", email="ana.ito@example.com", phone="+13125550100"
        ),
    )
    print(order.message)
    placed = client.carts.retrieve(order.cart_hash)
    print(f"order {placed.hash}: {placed.properties.type} at {placed.store.name}")


if __name__ == "__main__":
    fake = FakeLocally(generated_carts=0)
    with fake.serve() as url, Locally(api_token=fake.api_token, base_url=url) as client:
        reserve_nearest(client)
