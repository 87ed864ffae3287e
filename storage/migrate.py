"""Schema upgrades with Alembic, callable from the CLI and at service start."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from storage.database import normalise_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (blocking; run it off the event loop)."""
    command.upgrade(alembic_config(url), revision)
