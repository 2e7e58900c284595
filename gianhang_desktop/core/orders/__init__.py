"""Orders: manual and store orders, their shared state machine, stock effects and packing."""
