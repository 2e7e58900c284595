"""Marketplace channels (Shopee, Lazada, TikTok Shop, Tiki, and the national store) behind one
connector interface; see README.md in this folder."""
