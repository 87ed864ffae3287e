"""What the settings say about the model endpoint and the product policy."""

from datetime import timedelta

from agents.guardian.opinion import LlmAdvisor, build_advisor
from agents.llm import LlmClient, LlmConfig, Transcriber
from bot.settings import Settings
from core.deps import Policy
from core.rules.engine import load_ruleset


def _llm_config(settings: Settings) -> LlmConfig | None:
    if not (settings.llm_base_url and settings.llm_model):
        return None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else ""
    return LlmConfig(
        base_url=settings.llm_base_url,
        # A local OpenAI-compatible server often wants no key, but the client insists on one.
        api_key=key or "not-needed",
        model=settings.llm_model,
        timeout_s=settings.llm_timeout_seconds,
    )


def llm_from(settings: Settings) -> LlmClient | None:
    """The model client when LLM_BASE_URL and LLM_MODEL are set (LLM_API_KEY if it needs one)."""
    config = _llm_config(settings)
    return LlmClient(config) if config else None


def transcriber_from(settings: Settings) -> Transcriber | None:
    """Voice transcription when a model endpoint and TRANSCRIPTION_MODEL are set."""
    config = _llm_config(settings)
    if config is None or not settings.transcription_model:
        return None
    return Transcriber(config, settings.transcription_model)


def advisor_from(settings: Settings) -> LlmAdvisor | None:
    """The guardian's optional LLM opinion writer (None without an endpoint and model)."""
    return build_advisor(llm_from(settings))


def policy_from(settings: Settings) -> Policy:
    """The product policy the settings describe."""
    return Policy(
        sandbox=settings.sandbox,
        sandbox_credit=settings.sandbox_credit,
        default_asset=settings.default_asset,
        per_payment_cap=settings.per_payment_cap,
        confirm_ttl=timedelta(minutes=settings.confirm_ttl_minutes),
        review_ttl=timedelta(hours=settings.review_ttl_hours),
        default_timezone=settings.timezone,
        per_day_cap=settings.per_day_cap,
        per_recipient_day_cap=settings.per_recipient_day_cap,
        operators=settings.operator_chat_ids,
        rules=load_ruleset(settings.guardian_rules_path),
        payee_allow=frozenset(settings.payee_allow_list),
        payee_deny=frozenset(settings.payee_deny_list),
        misfire_grace=timedelta(minutes=settings.misfire_grace_minutes),
        run_lease=timedelta(seconds=settings.run_lease_seconds),
        tick_batch=settings.tick_batch,
    )
