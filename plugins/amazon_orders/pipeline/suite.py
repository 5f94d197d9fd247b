"""The expectation suite: what an importable Amazon order line is.

Each expectation carries in its `meta` the blocker reason its failures mean and, for
INVALID_ORDER_DATA, the Amazon field at fault. The suite is run in two parts over each
chunk of lines: every check but stock first (an order blocked for another reason takes
no stock), then the stock check once stock has been allocated in purchase order.
Great Expectations is imported inside the functions: it is slow to import, and DAG
files must parse fast.
"""

from __future__ import annotations

import gc
import os
import threading
from decimal import Decimal
from functools import cache
from typing import Any

from amazon_orders.rules import Channel, Reason

SUITE_NAME = "importable_order_line"
MAX_QUANTITY = 10_000
# How far the order's amounts may be from Amazon's order total: a cent of rounding, no more.
MONEY_TOLERANCE = Decimal("0.01")
_CREATE = 'action=="create"'  # prices matter only for orders to create (Pending ones have none)
_HAS_ITEM = 'order_item_id!=""'
_CONDITION_COLUMNS = {"action", "order_item_id", "seller_sku"}  # what the row conditions read
# One Great Expectations context per process; it is not safe for two threads at once.
_GX_LOCK = threading.Lock()


def expectations() -> list[Any]:
    import great_expectations.expectations as gxe

    def invalid(field: str, problem: str, **more: object) -> dict:
        return {"reason": Reason.INVALID_ORDER_DATA.value, "field": field, "problem": problem, **more}

    return [
        gxe.ExpectColumnValueLengthsToBeBetween(
            column="order_item_id", min_value=1, meta=invalid("OrderItems", "the order has no items")
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="purchase_date", meta=invalid("PurchaseDate", "missing or not a date")
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="fulfillment_channel",
            value_set=[c.value for c in Channel],
            meta=invalid("FulfillmentChannel", "missing or not MFN/AFN"),
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="fulfillment_channel", meta=invalid("FulfillmentChannel", "missing or not MFN/AFN")
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="seller_sku",
            row_condition=_HAS_ITEM,
            condition_parser="pandas",
            meta=invalid("SellerSKU", "missing"),
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="quantity_ordered",
            row_condition=_HAS_ITEM,
            condition_parser="pandas",
            meta=invalid("QuantityOrdered", "missing or not a whole number"),
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="quantity_ordered",
            min_value=1,
            max_value=MAX_QUANTITY,
            meta=invalid("QuantityOrdered", f"must be between 1 and {MAX_QUANTITY}"),
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="order_currency",
            row_condition=_CREATE,
            condition_parser="pandas",
            meta=invalid("OrderTotal", "missing or unreadable"),
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="item_price",
            row_condition=f"{_CREATE} and {_HAS_ITEM}",
            condition_parser="pandas",
            meta=invalid("ItemPrice", "missing or unreadable"),
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="item_price", min_value=0, meta=invalid("ItemPrice.Amount", "must not be negative")
        ),
        gxe.ExpectColumnPairValuesToBeEqual(
            column_A="item_currency",
            column_B="order_currency",
            ignore_row_if="either_value_is_missing",
            meta=invalid("ItemPrice.CurrencyCode", "differs from the order's currency"),
        ),
        # Money, in exact numbers (validate/read_candidate_lines words the problem): each line's
        # amounts in Commerce's signs, the order's adding up to its total within MONEY_TOLERANCE,
        # no OrderItemId given twice. One failure for the order (order_level), worded per problem.
        gxe.ExpectColumnValuesToBeNull(
            column="money_problem",
            meta=invalid("OrderTotal", "does not add up", detail_column="money_problem", order_level=True),
        ),
        gxe.ExpectColumnValuesToBeNull(
            column="missing_rate",
            meta={"reason": Reason.MISSING_CURRENCY_RATE.value, "order_level": True},
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="product_id",
            row_condition=f"{_HAS_ITEM} and seller_sku==seller_sku",
            condition_parser="pandas",
            meta={"reason": Reason.NOT_IN_CATALOG.value},
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="product_status", value_set=[1], meta={"reason": Reason.PRODUCT_DISABLED.value}
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="stock_at_turn",
            column_B="quantity_ordered",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta={"reason": Reason.OUT_OF_STOCK.value},
        ),
    ]


@cache
def _context() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batches = (
        context.data_sources.add_pandas("amazon_orders")
        .add_dataframe_asset("candidate_lines")
        .add_batch_definition_whole_dataframe("chunk")
    )
    # Great Expectations' modules and context live as long as the process: move them out of
    # the collector's sight, so the full collection after each chunk walks only the chunk.
    gc.freeze()
    return context, batches


@cache
def _columns(stock: bool) -> list[str]:
    """The columns a part of the suite reads: its expectations' and their row conditions'."""
    named = {
        value
        for e in expectations()
        if (e.meta["reason"] == Reason.OUT_OF_STOCK) == stock
        for key, value in e.configuration.kwargs.items()
        if key in ("column", "column_A", "column_B")
    }
    return sorted(named | (set() if stock else _CONDITION_COLUMNS))


@cache
def _part(stock: bool) -> Any:
    """The suite's stock expectation (stock=True), or all the others."""
    import great_expectations as gx

    context, _ = _context()
    chosen = [e for e in expectations() if (e.meta["reason"] == Reason.OUT_OF_STOCK) == stock]
    name = f"{SUITE_NAME}.{'stock' if stock else 'line'}"
    return context.suites.add(gx.ExpectationSuite(name=name, expectations=chosen))


def prepare() -> None:
    """Import Great Expectations and build the suite now rather than at the first chunk."""
    with _GX_LOCK:
        _part(False), _part(True)  # positional, as validate() calls it: one cache entry each


def validate(frame: Any, stock: bool) -> Any:
    """Run one part of the suite over a chunk of candidate lines (a frame with its default index)."""
    with _GX_LOCK:
        _, batches = _context()
        # Only the part's own columns: Great Expectations fingerprints (hashes) the whole frame
        # and copies it through every row condition.
        batch = batches.get_batch(batch_parameters={"dataframe": frame[_columns(stock)]})
        # COMPLETE without index columns: failing rows come back as the frame's own index,
        # which Great Expectations lists in one step rather than looking up row by row.
        return batch.validate(_part(stock), result_format={"result_format": "COMPLETE"})


def failures(result: Any) -> list[tuple[int, dict]]:
    """(row position, expectation meta) for every line each expectation found unexpected."""
    found = []
    for outcome in result.results:
        if outcome.success:
            continue
        meta = dict(outcome.expectation_config.meta or {})
        found.extend((int(index), meta) for index in outcome.result.get("unexpected_index_list") or [])
    return found


def statistics(result: Any) -> dict:
    """Per expectation: its reason/field, how many lines it checked and found unexpected."""
    return {
        _expectation_key(o.expectation_config): {
            **(o.expectation_config.meta or {}),
            "success": bool(o.success),
            "element_count": o.result.get("element_count"),
            "unexpected_count": o.result.get("unexpected_count"),
        }
        for o in result.results
    }


def _expectation_key(config: Any) -> str:
    """type:column of an expectation (column_A for the pair expectations)."""
    column = config.kwargs.get("column", config.kwargs.get("column_A"))
    return f"{config.type}:{column}"
