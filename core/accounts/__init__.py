"""Accounts: opening a wallet, and the ledger's invariants."""
