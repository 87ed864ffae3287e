"""Benchmark commands: they print figures; nothing here asserts a speed."""
