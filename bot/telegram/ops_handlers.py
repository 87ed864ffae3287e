"""Operator commands and incident-alert buttons: thin handlers over core and the ops runtime."""

from telegram import InlineKeyboardMarkup, Update

from bot.telegram.context import ChatContext
from bot.telegram.ops_callbacks import parse_incident
from bot.telegram.paging import nav_row
from bot.telegram.render import trim
from core.audit import Actor, Door
from core.errors import ConfirmationRefused, DomainError
from core.paging import clip, fit, page_of
from core.routing.operations import acknowledge
from core.routing.status import breaker_change, chaos_change, gateway_status

OPERATORS_ONLY = "That command is for operators."
INCIDENTS_LISTED = 50
FOLLOWER = "The routing agent runs on the leading process; this one follows it. Try again."
MAX_LINE = 300  # summaries are written by the agent; one must not crowd out the page


def _is_operator(update: Update, context: ChatContext) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.services.deps.policy.operators


def _operator(update: Update) -> Actor:
    """The actor recorded with an override (handlers run only for a known operator)."""
    user = update.effective_user
    return Actor.operator(user.id if user else 0)


async def _refuse_strangers(update: Update, context: ChatContext) -> bool:
    """True (and a plain refusal sent) when the sender is not an operator."""
    if _is_operator(update, context):
        return False
    if update.effective_message:
        await update.effective_message.reply_text(OPERATORS_ONLY)
    return True


async def gateways(update: Update, context: ChatContext) -> None:
    """/gateways: breaker, recent success and USDC share per gateway."""
    if await _refuse_strangers(update, context) or update.effective_message is None:
        return
    fleet = context.services.fleet
    lines = ["Gateways (breaker, recent success, USDC share, configured success):"]
    for g in gateway_status(fleet.router, fleet.gateways):
        share = f"{g.usdc_share:.0%}" if g.usdc_share is not None else "—"
        lines.append(
            f"• {g.name}: {g.breaker}, {g.score:.1%}, {share}, {g.configured_success:.0%}"
            f" ({'/'.join(g.assets)})"
        )
    await update.effective_message.reply_text(fit(lines[0], lines[1:]))


async def incidents(update: Update, context: ChatContext) -> None:
    """/incidents: the latest incidents, a page at a time."""
    user, message = update.effective_user, update.effective_message
    if await _refuse_strangers(update, context) or message is None or user is None:
        return
    text, markup = await incidents_page(user.id, 0, context)
    await message.reply_text(text, reply_markup=markup)


async def incidents_page(
    owner: int, number: int, context: ChatContext
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Page ``number`` of the recent incidents, for an operator only."""
    services = context.services
    if owner not in services.deps.policy.operators:  # e.g. a role since withdrawn
        raise ConfirmationRefused(OPERATORS_ONLY)
    recent = await services.ops.store.recent_incidents(INCIDENTS_LISTED)
    if not recent:
        return "No incidents.", None
    page = page_of(len(recent), number)
    lines = [
        clip(f"• {i.opened_at:%d %b %H:%M} {i.gateway}: {i.status.value} — {i.summary}", MAX_LINE)
        for i in recent[page.start : page.stop]
    ]
    label = f", {page.label()}" if page.label() else ""
    nav = nav_row("incidents", owner, page)
    return fit(f"Last {len(recent)} incident(s){label}:", lines), (
        InlineKeyboardMarkup([nav]) if nav else None
    )


async def chaos(update: Update, context: ChatContext) -> None:
    """/chaos <gateway> fail <rate> [kind] | slow <p50> <p95> | restore."""
    if await _refuse_strangers(update, context) or update.effective_message is None:
        return
    services = context.services
    try:
        change = chaos_change(services.fleet.gateways, list(context.args or []))
        text = await services.ops.override(change, _operator(update), Door.TELEGRAM)
    except DomainError as error:
        text = error.message
    await update.effective_message.reply_text(text)


async def breaker(update: Update, context: ChatContext) -> None:
    """/breaker <gateway> open|close."""
    if await _refuse_strangers(update, context) or update.effective_message is None:
        return
    services = context.services
    try:
        change = breaker_change(services.fleet.router, list(context.args or []))
        text = await services.ops.override(change, _operator(update), Door.TELEGRAM)
    except DomainError as error:
        text = error.message
    await update.effective_message.reply_text(text)


async def agent(update: Update, context: ChatContext) -> None:
    """/agent: run a routing cycle now and say what it did."""
    if await _refuse_strangers(update, context) or update.effective_message is None:
        return
    if not context.services.ops.leadership.is_leader:
        await update.effective_message.reply_text(FOLLOWER)
        return
    state, changes = await context.services.ops.cycle()
    done = [a for a in state.get("applied", []) if getattr(a, "applied", False)]  # type: ignore[attr-defined]
    lines = [f"Routing cycle: {len(done)} action(s). {state.get('explanation', '')}"]
    lines += [f"Incident {c.kind}: {c.incident.gateway}" for c in changes]
    await update.effective_message.reply_text(trim("\n".join(lines)))


async def incident_button(update: Update, context: ChatContext) -> None:
    """Acknowledge and Chart on an incident alert; operators only."""
    query = update.callback_query
    if query is None:
        return
    parsed = parse_incident(query.data)
    if parsed is None:
        await query.answer("That button is not valid.", show_alert=True)
        return
    action, incident_id = parsed
    services = context.services
    if action == "ack":
        try:
            incident = await acknowledge(
                services.deps, services.ops.store, incident_id, query.from_user.id
            )
        except DomainError as error:
            await query.answer(error.message, show_alert=True)
            return
        await query.answer(f"Acknowledged: {incident.gateway}.")
        return
    if query.from_user.id not in services.deps.policy.operators:
        await query.answer(OPERATORS_ONLY, show_alert=True)
        return
    await query.answer()
    image = await services.charts.render("success", "1h")
    await context.bot.send_photo(query.from_user.id, image.png, caption=image.caption)
