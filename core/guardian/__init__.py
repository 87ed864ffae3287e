"""The guardian: risk features, the pre-run check, and the limits people set."""
