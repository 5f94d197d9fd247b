"""Buyer personal data and credentials stay out of logs and the API call log."""

from __future__ import annotations

import logging

from tests.views import query
from tests.worlds import IMPORT, RECONCILE, listing, order, product, store, world

BUYER = {
    "BuyerInfo": {"BuyerEmail": "zq7hidden@marketplace.example", "BuyerName": "Philippa Quillfeather"},
    "ShippingAddress": {
        "Name": "Philippa Quillfeather",
        "AddressLine1": "77 Secretive Lane",
        "City": "Hushton",
        "PostalCode": "ZZ9 9ZZ",
        "Phone": "+44 20 7946 0999",
        "CountryCode": "GB",
    },
}
SECRETS = [
    "zq7hidden@marketplace.example",
    "Philippa",
    "Quillfeather",
    "77 Secretive Lane",
    "Hushton",
    "ZZ9 9ZZ",
    "7946 0999",
]


def test_a_full_run_logs_no_buyer_data_or_credentials(play, conn, caplog):
    caplog.set_level(logging.DEBUG)
    runner = play(
        world(
            order(1, ("AMZ-MUG", 1), **BUYER),
            order(2, ("AMZ-LAMP", 1), **BUYER),
            stores=[store(customer_creation="create")],
            catalog=[product("MUG")],
            listings=[listing("MUG")],
            steps=[
                IMPORT,
                {"ship": {"order": "111-0000001-0000001", "carrier": "UPS", "tracking": "T1"}},
                RECONCILE,
                RECONCILE,
            ],
        )
    )
    assert query(conn, "SELECT customer_email FROM commerce.sales_order") == [
        {"customer_email": "zq7hidden@marketplace.example"}
    ]  # the data arrived where it belongs
    logged = caplog.text
    assert "imported" in logged.lower()  # the run did log
    for secret in SECRETS + [
        runner.dags.sp_api["password"],
        *runner.dags.sp_api["extra"]["refresh_tokens"].values(),
    ]:
        assert secret not in logged, secret
    call_log = str(query(conn, "SELECT * FROM amazon.api_call_log"))
    for secret in SECRETS:
        assert secret not in call_log
