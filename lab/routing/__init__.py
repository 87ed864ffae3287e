"""The routing bench: scenarios replayed on simulated time against the production router."""
