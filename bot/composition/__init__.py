"""The composition root: the one package that builds services and doors from Settings."""
