from __future__ import annotations

import pytest
import requests

from amazon_orders.sp_api.model import LWA_TOKEN_PATH
from sp_api_simulator import SimulatorControl

from .amazon_calls import REFRESH_TOKEN, SELLER, AmazonCaller, assert_amazon_error, exchange


def test_refresh_token_grant_answers_a_bearer_token_for_an_hour(
    sim_url: str, control: SimulatorControl
) -> None:
    control.add_seller(SELLER, REFRESH_TOKEN, "amzn1.application-oa2-client.x", "secret-x")
    answer = exchange(
        sim_url, REFRESH_TOKEN, client_id="amzn1.application-oa2-client.x", client_secret="secret-x"
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert body["refresh_token"] == REFRESH_TOKEN
    assert body["access_token"].startswith("Atza|")


def test_unknown_refresh_token_is_an_invalid_grant(sim_url: str, control: SimulatorControl) -> None:
    control.add_seller(SELLER, REFRESH_TOKEN)
    answer = exchange(sim_url, "Atzr|nobody")
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"
    assert answer.json()["error_description"]


def test_client_credentials_are_checked_when_registered(sim_url: str, control: SimulatorControl) -> None:
    control.add_seller(SELLER, REFRESH_TOKEN, "client-x", "secret-x")
    answer = exchange(sim_url, REFRESH_TOKEN, client_id="client-x", client_secret="wrong")
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


def test_other_grant_types_are_refused(sim_url: str, control: SimulatorControl) -> None:
    control.add_seller(SELLER, REFRESH_TOKEN)
    answer = exchange(sim_url, REFRESH_TOKEN, grant_type="password")
    assert answer.status_code == 400
    assert answer.json()["error"] == "unsupported_grant_type"


def test_a_grantless_token_needs_the_notifications_scope(sim_url: str, control: SimulatorControl) -> None:
    control.add_seller(SELLER, REFRESH_TOKEN, "client-x", "secret-x")
    form = {"client_id": "client-x", "client_secret": "secret-x", "grant_type": "client_credentials"}
    answer = requests.post(sim_url + LWA_TOKEN_PATH, data=form, timeout=5)
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_scope"
    form["scope"] = "sellingpartnerapi::notifications"
    answer = requests.post(sim_url + LWA_TOKEN_PATH, data=form, timeout=5)
    assert answer.status_code == 200 and answer.json()["scope"] == form["scope"]
    form["client_secret"] = "wrong"
    assert requests.post(sim_url + LWA_TOKEN_PATH, data=form, timeout=5).json()["error"] == "invalid_client"


def test_access_token_expires_after_3600_simulated_seconds(
    seller: AmazonCaller, control: SimulatorControl
) -> None:
    control.advance(3599)
    assert seller.get("/orders/v0/orders/114-0000000-0000001").status_code == 404  # authorized, no such order
    control.advance(1)
    assert_amazon_error(seller.get("/orders/v0/orders/114-0000000-0000001"), 403, "Unauthorized", "expired")


@pytest.mark.usefixtures("seller")
def test_missing_or_unknown_access_token_is_unauthorized(sim_url: str) -> None:
    assert_amazon_error(
        AmazonCaller(sim_url, "").orders(LastUpdatedAfter="2026-11-20T00:00:00Z"), 403, "Unauthorized"
    )
    forged = AmazonCaller(sim_url, "Atza|forged")
    assert_amazon_error(
        forged.orders(LastUpdatedAfter="2026-11-20T00:00:00Z"), 403, "Unauthorized", "invalid"
    )
