"""Everything one simulated Amazon holds: clock, sellers, orders, paging, shipments, faults, counters.

One store of orders serves both Orders API versions (v0 and v2026-01-01)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .clock import SimClock
from .contract import ContractLog
from .faults import FaultQueue
from .lifecycle import Lifecycle
from .notifier import Notifier
from .paging import DEFAULT_TOKEN_LIFETIME, Pager, SearchPager
from .sellers import SellerRegistry
from .shipments import ShipmentLog
from .store import OrderStore, StoredOrder
from .throttling import RateGate

DEFAULT_ITEMS_PAGE_SIZE = 20


@dataclass
class Simulator:
    clock: SimClock
    gate: RateGate
    items_page_size: int = DEFAULT_ITEMS_PAGE_SIZE
    sellers: SellerRegistry = field(default_factory=SellerRegistry)
    store: OrderStore = field(default_factory=OrderStore)
    pager: Pager = field(default_factory=Pager)  # v0's NextTokens
    searches: SearchPager = field(default_factory=SearchPager)  # v2026 searchOrders' paginationTokens
    shipments: ShipmentLog = field(default_factory=ShipmentLog)
    faults: FaultQueue = field(default_factory=FaultQueue)
    calls: Counter[str] = field(default_factory=Counter)  # per operation, faults and errors included
    throttled: Counter[str] = field(default_factory=Counter)  # per operation: refused by a usage plan (429)
    contract: ContractLog | None = None  # set: every request and answer is checked against the models
    lifecycle: Lifecycle = field(default_factory=Lifecycle)  # Amazon's own status changes (off by default)
    notifier: Notifier = field(default_factory=Notifier)  # ORDER_CHANGE notifications to SQS queues

    def __post_init__(self) -> None:
        self.store.listener = self._order_changed

    def _order_changed(self, stored: StoredOrder, kind: str, reason: str) -> None:
        self.notifier.order_changed(stored.seller_id, stored.order, stored.items, kind, reason, self.now())

    @classmethod
    def create(
        cls,
        now: datetime | None = None,
        *,
        rate_scale: float = 0.0,
        items_page_size: int = DEFAULT_ITEMS_PAGE_SIZE,
        visibility_lag: timedelta = timedelta(0),
        next_token_lifetime: timedelta = DEFAULT_TOKEN_LIFETIME,
        contract_check: bool = False,
        notifier: Notifier | None = None,
    ) -> Simulator:
        if items_page_size < 1:
            raise ValueError("items_page_size must be at least 1")
        return cls(
            SimClock(now),
            RateGate(rate_scale),
            items_page_size,
            store=OrderStore(visibility_lag),
            pager=Pager(next_token_lifetime),
            contract=ContractLog() if contract_check else None,
            notifier=notifier or Notifier(),
        )

    def now(self) -> datetime:
        return self.clock.now()

    def orders(self) -> OrderStore:
        """The order store with every change Amazon makes by itself done up to now."""
        self.lifecycle.advance(self.store, self.now())
        return self.store

    def reset(self) -> None:
        """Forget every seller, order, token, confirmation, fault, counter, destination and subscription;
        the clock and settings stay."""
        self.sellers = SellerRegistry()
        self.store = OrderStore(self.store.lag)
        self.store.listener = self._order_changed
        notifier = self.notifier
        self.notifier = Notifier(
            notifier.sqs_endpoint, notifier.delay_seconds, notifier.duplicate_share, notifier.seed
        )
        self.pager = Pager(self.pager.lifetime)
        self.searches = SearchPager(self.searches.lifetime)
        self.shipments = ShipmentLog()
        self.faults = FaultQueue()
        self.calls = Counter()
        self.throttled = Counter()
        self.gate = RateGate(self.gate.rate_scale)
