"""Use cases: what a user or a loop can ask ArcFlux to do."""
