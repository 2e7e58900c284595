"""Tiki Open API connector (https://open.tiki.vn/docs/docs/current/)."""
