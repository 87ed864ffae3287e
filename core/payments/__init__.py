"""Payments: proposal, confirmation and its second step, operator review, cancellation."""
