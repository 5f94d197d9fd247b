"""Property: whatever the orders, window and page size, getOrders pages return each match exactly once."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sp_api_simulator import SimulatorControl

from .amazon_calls import NOW, REFRESH_TOKEN, SELLER, add_order, caller_for, iso


def test_pages_return_the_window_exactly_once(sim_url: str, control: SimulatorControl) -> None:
    @settings(max_examples=25, deadline=None)
    @given(
        ages=st.lists(st.integers(min_value=0, max_value=120), max_size=12),
        window=st.tuples(st.integers(min_value=2, max_value=121), st.integers(min_value=2, max_value=121)),
        page_size=st.integers(min_value=1, max_value=5),
    )
    def check(ages: list[int], window: tuple[int, int], page_size: int) -> None:
        control.reset()
        seller = caller_for(sim_url, control, SELLER, REFRESH_TOKEN)
        samples = [add_order(control, n, minutes_ago=age) for n, age in enumerate(ages)]
        newest, oldest = sorted(window)  # minutes ago
        if newest == oldest:
            oldest += 1
        expected = sorted(
            (s.order["LastUpdateDate"], s.order_id)
            for s, age in zip(samples, ages, strict=True)
            if newest < age <= oldest
        )
        params = {
            "LastUpdatedAfter": iso(NOW - timedelta(minutes=oldest)),
            "MaxResultsPerPage": str(page_size),
        }
        if newest > 2:
            params["LastUpdatedBefore"] = iso(NOW - timedelta(minutes=newest))
        pages = [seller.orders(**params).json()["payload"]]
        while "NextToken" in pages[-1]:
            pages.append(seller.orders(NextToken=pages[-1]["NextToken"]).json()["payload"])
        got = [(o["LastUpdateDate"], o["AmazonOrderId"]) for p in pages for o in p["Orders"]]
        assert got == expected
        assert all(len(p["Orders"]) == page_size for p in pages[:-1])

    check()
