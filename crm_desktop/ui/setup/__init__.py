"""The Marketing Setup page: a General section and the six sections of the design."""
