"""Báo cáo: the reports page and its charts."""
