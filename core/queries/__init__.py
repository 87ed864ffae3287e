"""Questions about one's own money: balance, what is coming, what went, why a flag."""
