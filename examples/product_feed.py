"""The Cart-to-Cart product feed: what your website sells, with its image and buy link.

Locally offers pickup through Cart-to-Cart only for products on this feed; it wants each
product's UPC, name, image, description and a buy link to its page, as absolute https URLs.
"""

from __future__ import annotations

import io

from locally.feeds import ProductRow, read_product_feed, write_product_feed

CATALOGUE = [
    ("012345678905", "Headlamp 400", "400 lumens, rechargeable", "hl400"),
    ("036000291452", "Camp Stove", "Two burners, folds flat", "stove"),
]

# A merchandiser's export: its own column names and order, a brand column, two mistakes.
EXPORT = """Title\tUPC\tBrand\tImage URL\tDescription\tLink
Headlamp 400\t012345678905\tACME\thttps://shop.example.com/img/hl400.jpg\t\thttps://shop.example.com/p/hl400
Camp Stove\t036000291452\tACME\thttp://shop.example.com/img/stove.jpg\tTwo burners\t/p/stove
"""


def main() -> None:
    """Write the feed from the catalogue, then check a hand-made export."""
    rows = [
        ProductRow(
            upc=upc,
            product_name=name,
            image=f"https://shop.example.com/img/{slug}.jpg",
            description=text,
            buy_link=f"https://shop.example.com/p/{slug}",
        )
        for upc, name, text, slug in CATALOGUE
    ]
    out = io.StringIO()
    write_product_feed(rows, out)
    print(out.getvalue().rstrip())

    feed = read_product_feed(io.StringIO(EXPORT))
    for row in feed:
        print(f"ok: {row.upc} {row.product_name} -> {row.buy_link} {row.extra}")
    for error in feed.errors:
        print(f"problem: {error}")


if __name__ == "__main__":
    main()
