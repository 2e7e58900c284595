"""Local simulators of the carriers (GHN, GHTK, Viettel Post, VNPost), each written from the
carrier's documentation (its module names the page of every endpoint), never from our client.

Each module offers ``start(latency=0.0) -> simulator`` (listening on 127.0.0.1, ``.url``) with
``credentials()`` (the JSON `carrier add --credentials-stdin` reads), ``create_path`` (for fault
injection: ``sim.fail_next("lost", path=sim.create_path)`` makes the carrier create the parcel and
answer 504), and the carrier-side hands of tests/shipping/simulators/base.py: ``set_status``,
``remit``, ``stop_serving``, ``refuse_phone``, ``parcels``, ``creates``, ``calls()``.
"""
