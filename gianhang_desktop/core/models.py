"""The registry of every model, so metadata (and the drift test) sees all tables."""

from .cashbook.models import CashEntry  # noqa: F401
from .catalog.models import Certification, Product  # noqa: F401
from .channels.models import (  # noqa: F401
    ChannelAccount,
    ChannelLink,
    ChannelOrderRecord,
    ChannelOutbox,
    ChannelPush,
    ChannelUnit,
)
from .counter.models import Sale, SaleLine, SaleLineLot, SaleReturn, SaleReturnLine  # noqa: F401
from .customers.models import Customer, DebtEntry  # noqa: F401
from .db.base import Base  # noqa: F401
from .orders.models import Order, OrderAllocation, OrderItem  # noqa: F401
from .photos.models import ProductPhoto  # noqa: F401
from .purchases.models import Purchase, PurchaseLine, Supplier  # noqa: F401
from .shop import ShopProfile  # noqa: F401
from .staff.models import AccessPolicy, AuditEntry, User  # noqa: F401
from .stock.models import ExpirySweep, Lot, StockBalance, StockMovement, StockTotal, Warehouse  # noqa: F401
from .sync.models import (  # noqa: F401
    Listing,
    OutboxEntry,
    RemoteImage,
    RemoteProduct,
    StoreOrder,
    SyncConflict,
    SyncState,
)

# isort: split
# The couriers (issue 17), in a block of their own so the areas landing beside it never touch one line.
from .shipping.models import CarrierAccount, OrderLegacyWard, Shipment  # noqa: F401
