"""What serves development and proof, not users: benchmarks, the soak, the demo, evaluations."""
