"""Who may do what: every command, button and REST route × four kinds of actor, as data.

tests/e2e/test_authorization.py asserts every cell against the running bot and API, and
checks that docs/authorization.md is exactly ``render()``, so the page cannot drift.
"""

from dataclasses import dataclass

ACTORS = ("stranger", "user", "other user", "operator")


@dataclass(frozen=True)
class Cell:
    """What the actor gets: a short verdict for the page, and text the reply must contain."""

    verdict: str
    says: str


@dataclass(frozen=True)
class Row:
    """One door (a command, a button, a route) and what each actor gets there."""

    kind: str  # command | button | route
    door: str
    cells: tuple[Cell, Cell, Cell, Cell]  # in ACTORS order


OWN = "✔ own data"
START = Cell("✘ /start first", "Send /start first")
OPS_ONLY = Cell("✘ operators only", "That command is for operators.")
NOT_YOURS = Cell("✘ not theirs", "belongs to someone else")
TOKEN = Cell("✘ 401", "a valid bearer token is required")


def same(cell: Cell) -> tuple[Cell, Cell, Cell, Cell]:
    """One cell for every actor."""
    return (cell, cell, cell, cell)


def registered(cell: Cell) -> tuple[Cell, Cell, Cell, Cell]:
    """A stranger is sent to /start; every registered actor gets ``cell``."""
    return (START, cell, cell, cell)


def with_token(cell: Cell) -> tuple[Cell, Cell, Cell, Cell]:
    """401 without a valid token; ``cell`` for every token holder."""
    return (TOKEN, cell, cell, cell)


def operator_button(cell: Cell, refusal: str) -> tuple[Cell, Cell, Cell, Cell]:
    """An operator's alert or review button: refused to anyone else with ``refusal``."""
    refused = Cell("✘ operators only", refusal)
    return (refused, refused, refused, cell)


def operator_command(does: str) -> tuple[Cell, Cell, Cell, Cell]:
    """Refused to all but operators (a stranger too, wallet or not)."""
    return (OPS_ONLY, OPS_ONLY, OPS_ONLY, Cell("✔", does))


ROWS: tuple[Row, ...] = (
    Row("command", "/start", same(Cell("✔ opens own wallet", "Your USDC wallet is open"))),
    Row("command", "/help", same(Cell("✔", "ArcFlux pays people by chat message"))),
    Row("command", "/balance", registered(Cell(OWN, "Balance: "))),
    Row("command", "/payments", registered(Cell(OWN, "no upcoming payments"))),
    Row("command", "/history", registered(Cell(OWN, "no past payments"))),
    Row("command", "/cancel", registered(Cell(OWN, "no scheduled payments to cancel"))),
    Row("command", "/chart balance", registered(Cell(OWN, "Balance, last 24h"))),
    Row("command", "/limits", registered(Cell(OWN, "Your limits"))),
    Row(
        "command",
        "/limits @alice daily 50",
        (
            Cell("✘ operators only", "Only an operator can change someone else's limits."),
            Cell("✔ lowers her own", "Per day: 50.00 USDC"),
            Cell("✘ operators only", "Only an operator can change someone else's limits."),
            Cell("✔", "Alice"),
        ),
    ),
    Row("command", "pay bob 5 (text)", registered(Cell(OWN, "Pay 5.00 USDC to Bob?"))),
    Row("command", "/nosuchcommand", same(Cell("✘ unknown, points to /help", "/help lists"))),
    Row("command", "/gateways", operator_command("circle")),
    Row("command", "/incidents", operator_command("incident")),
    Row("command", "/chaos circle restore", operator_command("circle is back")),
    Row("command", "/breaker circle open", operator_command("circle")),
    Row("command", "/agent", operator_command("Routing cycle")),
    Row(
        "button",
        "pay:ok (Confirm on Alice's card)",
        (NOT_YOURS, Cell("✔ pays", "Done."), NOT_YOURS, NOT_YOURS),
    ),
    Row(
        "button",
        "pay:no (Deny on Alice's card)",
        (NOT_YOURS, Cell("✔ denies", "Denied"), NOT_YOURS, NOT_YOURS),
    ),
    Row(
        "button",
        "ser:cancel (Alice's weekly series)",
        (NOT_YOURS, Cell("✔ cancels", "Cancelled"), NOT_YOURS, NOT_YOURS),
    ),
    Row(
        "button",
        "rev:ok (Approve a payment under review)",
        operator_button(Cell("✔ approves", "Approved."), "Only an operator can review"),
    ),
    Row(
        "button",
        "rev:no (Reject a payment under review)",
        operator_button(Cell("✔ rejects", "Rejected."), "Only an operator can review"),
    ),
    Row(
        "button",
        "inc:ack (Acknowledge an incident)",
        operator_button(Cell("✔", "Acknowledged: circle."), "Only operators can acknowledge"),
    ),
    Row(
        "button",
        "inc:chart (Chart on an incident alert)",
        operator_button(
            Cell("✔ sends the chart", "Success rate"), "That command is for operators."
        ),
    ),
    Row(
        "button",
        "pg:pay (a page of Alice's /payments)",
        (
            Cell("✘ not theirs", "That list belongs to someone else."),
            Cell("✔ pages", "Upcoming payments"),
            Cell("✘ not theirs", "That list belongs to someone else."),
            Cell("✘ not theirs", "That list belongs to someone else."),
        ),
    ),
    Row(
        "button",
        "who: (Alice's 'which Bob?' choice)",
        (
            START,
            Cell("✔ continues her payment", "Pay 5.00 USDC to Bob"),
            Cell("✘ not their question", "That choice has expired"),
            Cell("✘ not their question", "That choice has expired"),
        ),
    ),
    Row("button", "forged or unknown data", same(Cell("✘ not valid", "not valid"))),
    # REST: a bearer token stands for a trusted backend. The "user" acts on their own
    # telegram_id; the "other user" answers a payment that is not theirs.
    Row("route", "GET /healthz", same(Cell("✔ (no token needed)", "ok"))),
    # Counts and breaker states only: nothing in it names a user or a payment.
    Row(
        "route", "GET /metrics", same(Cell("✔ (no token needed)", "arcflux_gateway_breaker_state"))
    ),
    Row("route", "POST /v1/commands", with_token(Cell("✔ with token", "proposal"))),
    Row(
        "route",
        "POST /v1/payments/{id}/confirm",
        (TOKEN, Cell("✔ pays", "completed"), NOT_YOURS, NOT_YOURS),
    ),
    Row(
        "route",
        "POST /v1/payments/{id}/deny",
        (TOKEN, Cell("✔ denies", "denied"), NOT_YOURS, NOT_YOURS),
    ),
    Row("route", "POST /v1/system/validate", with_token(Cell("✔ with token", "ok"))),
    Row("route", "GET /v1/charts/{name}.png", with_token(Cell("✔ with token", "PNG"))),
    Row("route", "GET /v1/gateways", with_token(Cell("✔ with token", "circle"))),
    Row("route", "POST /v1/gateways/{name}/chaos", with_token(Cell("✔ with token", "circle"))),
    Row("route", "GET /v1/incidents", with_token(Cell("✔ with token", "["))),
    Row("route", "POST /v1/routing/cycle", with_token(Cell("✔ with token", "explanation"))),
)


def render() -> str:
    """docs/authorization.md."""
    lines = [
        "# Authorization",
        "",
        "Generated from `tests/e2e/authorization.py`; `tests/e2e/test_authorization.py` checks",
        "every cell against the running bot and API, and that this page matches the table.",
        "Regenerate with `ARCFLUX_WRITE_DOCS=1 pytest tests/e2e/test_authorization.py`.",
        "",
        "Actors: a *stranger* has never sent /start (for REST: no valid bearer token); a *user*",
        "acts on their own wallet and payments; an *other user* is registered and taps or",
        "answers someone else's; an *operator* is listed in `OPERATOR_CHAT_IDS`.",
        "A REST bearer token stands for a trusted backend: with it, any `telegram_id` may be",
        "named, and the operator routes are open. Refusals move nothing.",
        "",
        f"| kind | door | {' | '.join(ACTORS)} |",
        "| --- | --- |" + " --- |" * len(ACTORS),
    ]
    for row in ROWS:
        cells = " | ".join(cell.verdict for cell in row.cells)
        lines.append(f"| {row.kind} | `{row.door}` | {cells} |")
    return "\n".join(lines) + "\n"
