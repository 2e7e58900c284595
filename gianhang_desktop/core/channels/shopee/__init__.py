"""Shopee Open Platform v2 connector (https://open.shopee.com/developer-guide/16)."""
