"""Marketplace channels: one connector interface, one package per platform."""
