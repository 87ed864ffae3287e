"""`arcflux bench …`: commands that measure and print figures."""
