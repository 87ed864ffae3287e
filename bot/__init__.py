"""Every door into ArcFlux (Telegram, HTTP, scheduler, CLI) and the composition root."""
