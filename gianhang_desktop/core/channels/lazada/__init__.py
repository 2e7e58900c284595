"""Lazada Open Platform connector (https://open.lazada.com/apps/doc/doc?nodeId=10400)."""
