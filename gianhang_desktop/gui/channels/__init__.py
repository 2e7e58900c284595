"""The "Kênh bán" page: marketplace accounts, links, stock rules and sync."""
