"""API tokens: a person's (pay|read) and a service's (ops|read), stored only as hashes."""
