"""Reports: end of day, revenue and gross profit, stock in-out-balance, stock health, top lists."""
