"""Amazon cancels part of an imported order (issue 20, item 1), read through either Orders API
version: the Commerce line's qty_canceled, its reservation released once, its share of the money on
the order's total canceled, a status history entry and an order note; a canceled unit is never
shipped, deducted or confirmed; an order whose every line ends canceled is canceled."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from amazon_orders.pipeline import shipments
from amazon_orders.settings import RECONCILIATION_DAG_ID
from amazon_orders.sp_api.model import ORDERS_2026, ORDERS_V0
from amazon_orders.sp_api.model.timestamps import format_amazon_time
from tests.views import canceled_shipped, grid, money_identity_breaks, query, salable, stock_breaks
from tests.worlds import IMPORT, RECONCILE, listing, money, order, product, world

from .checks import ITEMS, ledger_rows, open_quantity_breaks, shelf

VERSIONS = [ORDERS_V0, ORDERS_2026]
SELLER = "A2SELLERUS"
ORDER = "111-0000001-0000001"
MUGS, LAMP = "00000010000001", "00000010000002"  # 3 mugs with tax and a promotion, 1 lamp with shipping
# The mugs' line in Commerce's terms: row total 30.00 + tax (2.48 - 0.25 on the promotion) - 3.00 off.
MUGS_AMOUNT = Decimal("29.23")
ORDER_TOTAL = Decimal("44.22")  # 30.00 + 2.48 - 3.00 - 0.25 + 10.00 + 4.99
HISTORY = "SELECT status, comment FROM commerce.sales_order_status_history ORDER BY entity_id"


def two_line_order(**fields) -> dict:
    document = order(1, ("AMZ-MUG", 3), ("AMZ-LAMP", 1), **fields)
    document["order"]["OrderTotal"] = money(f"{ORDER_TOTAL}")
    document["items"][0].update(
        ItemTax=money("2.48"), PromotionDiscount=money("3.00"), PromotionDiscountTax=money("0.25")
    )
    document["items"][1].update(ShippingPrice=money("4.99"))
    return document


def cancel(item: str, quantity: int) -> dict:
    return {"amazon_cancel_item": {"order": ORDER, "item": item, "quantity": quantity}}


def shop(*steps: dict, **fields) -> dict:
    return world(
        two_line_order(**fields),
        catalog=[product("MUG", qty=10), product("LAMP", qty=5)],
        listings=[listing("MUG"), listing("LAMP")],
        steps=list(steps),
    )


def commerce_order(conn) -> dict:
    [row] = query(
        conn,
        "SELECT entity_id, increment_id, status, grand_total, total_canceled, base_total_canceled "
        "FROM commerce.sales_order",
    )
    return row


def items(conn) -> dict[str, tuple[int, int, int]]:
    """sku -> (ordered, shipped, canceled) of the Commerce lines."""
    return {r["sku"]: (r["qty_ordered"], r["qty_shipped"], r["qty_canceled"]) for r in query(conn, ITEMS)}


def confirmed(runner) -> dict[str, int]:
    """What the simulator received as shipped, per OrderItemId."""
    found: dict[str, int] = {}
    for confirmation in runner.sim.confirmations():
        for line in confirmation["body"]["packageDetail"]["orderItems"]:
            found[line["orderItemId"]] = found.get(line["orderItemId"], 0) + line["quantity"]
    return found


def assert_sound(conn) -> None:
    assert canceled_shipped(conn) == []
    assert open_quantity_breaks(conn) == []
    assert stock_breaks(conn) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_a_unit_amazon_cancels_is_released_once_and_never_shipped_nor_confirmed(play, conn, version):
    runner = play(shop(IMPORT, cancel(MUGS, 1), RECONCILE), orders_api=version)
    assert items(conn) == {"MUG": (3, 0, 1), "LAMP": (1, 0, 0)}
    assert salable(conn, "MUG") == 8  # 3 reserved, 1 of them given back
    placed = commerce_order(conn)
    assert placed["status"] == "processing"
    assert (placed["total_canceled"], placed["base_total_canceled"]) == (Decimal("9.74"), Decimal("9.74"))
    assert [(r["object_id"], r["quantity"], r["event"]) for r in ledger_rows(conn, "MUG")] == [
        (placed["increment_id"], -3, "order_placed"),
        (placed["increment_id"], 1, f"item_canceled:{MUGS}:1"),
    ]
    history = query(conn, f"{HISTORY} DESC LIMIT 1")
    note = f"item {MUGS} (MUG): 1 canceled by Amazon, 1 of 3 in all; 9.74 USD canceled"
    assert history == [{"status": "processing", "comment": note}]
    assert grid(conn)[ORDER]["order_notes"] == f"Commerce order #{placed['increment_id']}: {note}"
    assert_sound(conn)

    for _ in range(2):  # again and again: nothing more is released or canceled
        runner.sync(RECONCILIATION_DAG_ID)
    assert len(ledger_rows(conn, "MUG")) == 2 and salable(conn, "MUG") == 8
    assert commerce_order(conn)["total_canceled"] == Decimal("9.74")

    # The warehouse ships everything still open: two mugs, not three; Amazon hears of two.
    shipments.record_shipment(conn, ORDER, "UPS", "1Z999AA10123456784")
    assert items(conn) == {"MUG": (3, 2, 1), "LAMP": (1, 1, 0)}
    assert shelf(conn) == {"LAMP": 4, "MUG": 8}
    runner.sync(RECONCILIATION_DAG_ID)  # confirms
    runner.sync(RECONCILIATION_DAG_ID)  # Amazon says Shipped: complete
    assert confirmed(runner) == {MUGS: 2, LAMP: 1}
    assert commerce_order(conn)["status"] == "complete"
    assert salable(conn, "MUG") == 8 and salable(conn, "LAMP") == 4
    assert_sound(conn)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_line_canceled_in_full_is_not_shipped_when_amazon_says_shipped(play, conn, version):
    shipped = {"amazon_status": {"order": ORDER, "status": "Shipped"}}
    runner = play(shop(IMPORT, cancel(LAMP, 1), shipped, RECONCILE), orders_api=version)
    assert items(conn) == {"MUG": (3, 3, 0), "LAMP": (1, 0, 1)}
    assert shelf(conn) == {"LAMP": 5, "MUG": 7}
    assert salable(conn, "LAMP") == 5 and salable(conn, "MUG") == 7
    placed = commerce_order(conn)
    assert placed["status"] == "complete"
    assert placed["total_canceled"] == Decimal("10.00")  # the lamp; its shipping stays with the order
    assert confirmed(runner) == {}  # shipped outside Commerce: nothing to confirm
    assert_sound(conn)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_line_canceled_in_steps_adds_up_to_its_amount_and_the_order_ends_canceled(play, conn, version):
    runner = play(shop(IMPORT, cancel(MUGS, 1), RECONCILE, cancel(MUGS, 1), RECONCILE), orders_api=version)
    assert commerce_order(conn)["total_canceled"] == Decimal("19.49")  # 9.74 + 9.75: 2/3 of 29.23
    runner.sim.cancel_item(ORDER, MUGS, 1)
    runner.sync(RECONCILIATION_DAG_ID)
    assert commerce_order(conn)["total_canceled"] == MUGS_AMOUNT  # + 9.74: exactly the line's amount
    assert items(conn)["MUG"] == (3, 0, 3) and salable(conn, "MUG") == 10
    runner.sim.cancel_item(ORDER, LAMP, 1)  # the last line: Amazon cancels the order
    runner.sync(RECONCILIATION_DAG_ID)
    placed = commerce_order(conn)
    assert placed["status"] == "canceled"
    assert placed["total_canceled"] == placed["grand_total"] == ORDER_TOTAL  # shipping too, now
    assert placed["base_total_canceled"] == ORDER_TOTAL
    assert items(conn) == {"MUG": (3, 0, 3), "LAMP": (1, 0, 1)}
    assert salable(conn, "MUG") == 10 and salable(conn, "LAMP") == 5
    assert [r["event"] for r in ledger_rows(conn, "MUG")] == [
        "order_placed",
        f"item_canceled:{MUGS}:1",
        f"item_canceled:{MUGS}:2",
        f"item_canceled:{MUGS}:3",
    ]
    assert [r["event"] for r in ledger_rows(conn, "LAMP")] == ["order_placed", "order_canceled"]
    assert_sound(conn)


def test_an_order_whose_every_line_amazon_canceled_is_canceled_before_amazon_says_so(play, conn):
    """v0 answers lowering every line to 0 while the order still reads Unshipped (Amazon's status
    can lag its items): the order is canceled as a whole all the same."""
    document = shop(IMPORT)
    runner = play(document)
    placed = document["orders"][0]
    lowered = copy.deepcopy(placed["items"])
    for item in lowered:
        item.update(QuantityOrdered=0, ItemPrice=money("0.00"))
    now = format_amazon_time(runner.sim.now())
    canceled = {**placed["order"], "LastUpdateDate": now, "OrderTotal": money("0.00")}
    runner.sim.put_order(SELLER, canceled, lowered)
    runner.sync(RECONCILIATION_DAG_ID)
    canceled = commerce_order(conn)
    assert canceled["status"] == "canceled" and canceled["total_canceled"] == ORDER_TOTAL
    assert items(conn) == {"MUG": (3, 0, 3), "LAMP": (1, 0, 1)}
    assert salable(conn, "MUG") == 10 and salable(conn, "LAMP") == 5
    assert query(conn, f"{HISTORY} DESC LIMIT 1")[0]["comment"] == "canceled (Amazon canceled every item)"
    [run] = query(conn, "SELECT counts FROM amazon.import_run ORDER BY started_at DESC LIMIT 1")
    assert {k: run["counts"][k] for k in ("canceled", "items_canceled", "canceled_every_item")} == {
        "canceled": 1,  # the status change the reconciliation's asset event counts
        "items_canceled": 2,
        "canceled_every_item": 1,
    }
    assert_sound(conn)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_unit_canceled_before_import(play, conn, version):
    """v0 lowers the line before the order is ever read: Commerce gets the two mugs Amazon still
    sells, at their money. v2026 shows the order as placed and what was canceled: Commerce gets the
    three as placed and the next reconciliation cancels one (released, its share on total_canceled)."""
    play(shop(cancel(MUGS, 1), IMPORT, RECONCILE), orders_api=version)
    placed = commerce_order(conn)
    if version == ORDERS_V0:
        assert items(conn) == {"MUG": (2, 0, 0), "LAMP": (1, 0, 0)}
        assert placed["grand_total"] == Decimal("34.47") and placed["total_canceled"] == 0  # 2/3 of the mugs
    else:
        assert items(conn) == {"MUG": (3, 0, 1), "LAMP": (1, 0, 0)}
        assert placed["grand_total"] == ORDER_TOTAL and placed["total_canceled"] == Decimal("9.74")
    assert placed["status"] == "processing"
    assert salable(conn, "MUG") == 8
    assert money_identity_breaks(conn) == []
    assert_sound(conn)


@pytest.mark.parametrize(
    "version",
    [ORDERS_V0, ORDERS_2026],
)
def test_an_amazon_fulfilled_order_with_a_canceled_unit(play, conn, version):
    """Amazon ships what it fulfils; the unit it canceled is on the Commerce line as canceled (with
    its share of the money), never as shipped, and no stock of ours moves."""
    document = shop(
        cancel(MUGS, 1), {"amazon_status": {"order": ORDER, "status": "Shipped"}}, IMPORT, RECONCILE
    )
    document["orders"][0]["order"]["FulfillmentChannel"] = "AFN"
    play(document, orders_api=version)
    placed = commerce_order(conn)
    assert placed["status"] == "complete"
    expected = {"MUG": (2, 2, 0)} if version == ORDERS_V0 else {"MUG": (3, 2, 1)}
    assert items(conn) == {**expected, "LAMP": (1, 1, 0)}
    assert query(conn, "SELECT * FROM commerce.inventory_reservation") == []
    assert shelf(conn) == {"LAMP": 5, "MUG": 10}
    assert canceled_shipped(conn) == []


@pytest.mark.parametrize(
    "version",
    [ORDERS_V0, ORDERS_2026],
)
def test_a_line_canceled_in_full_before_import_does_not_hold_the_order_back(play, conn, version):
    """v0 shows the line with QuantityOrdered 0: it is left off the Commerce order, with a note; v2026
    says what it canceled: the line imports and is canceled at the next reconciliation."""
    play(shop(cancel(LAMP, 1), IMPORT, RECONCILE), orders_api=version)
    notes = [r["note"] for r in query(conn, "SELECT note FROM amazon.order_event ORDER BY event_id")]
    left_off = [n for n in notes if "left off: Amazon canceled it before import" in n]
    assert len(left_off) == (1 if version == ORDERS_V0 else 0), notes
    assert query(conn, "SELECT * FROM amazon.open_blockers") == []
    assert commerce_order(conn)["status"] == "processing"
    assert items(conn)["MUG"] == (3, 0, 0)
    assert salable(conn, "MUG") == 7 and salable(conn, "LAMP") == 5
    assert_sound(conn)
