from __future__ import annotations

import time
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
import requests

from sp_api_simulator import SimulatorControl

from .amazon_calls import NOW, AmazonCaller, assert_amazon_error, iso


def test_clock_starts_at_now_and_stands_still(sim_url: str, control: SimulatorControl) -> None:
    time.sleep(0.05)
    assert requests.get(f"{sim_url}/_sim/clock", timeout=5).json() == {"now": iso(NOW)}
    assert control.now() == NOW


def test_clock_moves_only_forward(sim_url: str, control: SimulatorControl) -> None:
    assert control.advance(90) == NOW + timedelta(seconds=90)
    assert control.set_now(NOW + timedelta(hours=1)) == NOW + timedelta(hours=1)
    backwards = requests.post(f"{sim_url}/_sim/clock", json={"now": iso(NOW)}, timeout=5)
    assert_amazon_error(backwards, 400, "InvalidInput", "backwards")
    negative = requests.post(f"{sim_url}/_sim/clock", json={"advance_seconds": -1}, timeout=5)
    assert_amazon_error(negative, 400, "InvalidInput", "backwards")
    assert control.now() == NOW + timedelta(hours=1)


def test_a_step_past_the_clocks_last_date_is_refused_and_the_clock_still_answers(
    sim_url: str, control: SimulatorControl
) -> None:
    for step in (1e12, 1e300):  # past year 9999; past what a timedelta holds
        answer = requests.post(f"{sim_url}/_sim/clock", json={"advance_seconds": step}, timeout=5)
        assert_amazon_error(answer, 400, "InvalidInput", "last date")
    assert control.advance(2.0) == NOW + timedelta(seconds=2)


def test_every_answer_is_dated_by_the_simulated_clock(
    sim_url: str, seller: AmazonCaller, control: SimulatorControl
) -> None:
    assert seller.get("/orders/v0/orders/nope").headers["Date"] == "Fri, 20 Nov 2026 12:00:00 GMT"
    control.advance(3000)
    answers = [
        seller.orders(LastUpdatedAfter=iso(NOW)),
        seller.get("/orders/v0/orders/nope"),
        requests.get(f"{sim_url}/_sim/stats", timeout=5),
        requests.get(f"{sim_url}/no/such/path", timeout=5),
    ]
    for answer in answers:
        assert parsedate_to_datetime(answer.headers["Date"]) == NOW + timedelta(seconds=3000)
        assert "server" not in answer.headers


@pytest.mark.usefixtures("sim_url")
def test_reset_forgets_everything_but_the_clock(seller: AmazonCaller, control: SimulatorControl) -> None:
    control.advance(60)
    control.reset()
    assert control.now() == NOW + timedelta(seconds=60)
    assert control.orders() == [] and control.calls() == {}
    assert_amazon_error(seller.get("/orders/v0/orders/nope"), 403, "Unauthorized")
