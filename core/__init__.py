"""ArcFlux domain and use cases: no framework imports live here."""
