"""Orders: manual and store orders, their shared state machine, stock effects and packing.

For sync (issue 7): store orders are ``models.Order`` rows with ``channel="store"``, the
store's order code as ``code`` (and ``remote_code``), ``remote_version`` /
``remote_updated_at`` for its version, lines as ``OrderItem`` (``product_id`` None when the
SKU is unknown here; such an order cannot be confirmed). Status changes must go through
``service.apply_status(session, order, target, notify_store=False)`` inside the sync
transaction: it applies the stock effect of ``states.TRANSITIONS`` (hold, ship FEFO by lot,
put back) and returns ``Changes``; ``states.path_to(current, remote)`` gives the steps when
the store skipped some (pass ``channel="store", from_store=True``). ``notify_store=False``
keeps the change from echoing back through the ``order_status`` outbox. Store orders follow
docs/store-api.md exactly: no cancel once shipped (that is local to phone/Zalo orders), and
paid/delivered/completed/returned are only applied from the store (``states.STORE_SIDE_TARGETS``).
"""
