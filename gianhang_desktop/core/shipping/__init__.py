"""Shipping with the couriers (GHN, GHTK, Viettel Post, VNPost) behind one carrier interface."""
