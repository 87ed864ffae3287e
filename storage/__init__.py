"""SQLAlchemy adapters that implement the core storage ports."""
