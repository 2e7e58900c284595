"""The Tổng quan page: headline figures and what needs attention today."""
