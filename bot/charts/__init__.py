"""Charts rendered with matplotlib's Agg backend to PNG bytes."""
