"""Who may do what: every command and button × four actors, every REST route × six, as data.

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
    cells: tuple[Cell, ...]  # in ACTORS order (REST_ACTORS for routes)


OWN = "✔ own data"
START = Cell("✘ /start first", "Send /start first")
OPS_ONLY = Cell("✘ operators only", "That command is for operators.")
NOT_YOURS = Cell("✘ not theirs", "belongs to someone else")


def same(cell: Cell) -> tuple[Cell, Cell, Cell, Cell]:
    """One cell for every actor."""
    return (cell, cell, cell, cell)


def registered(cell: Cell) -> tuple[Cell, Cell, Cell, Cell]:
    """A stranger is sent to /start; every registered actor gets ``cell``."""
    return (START, cell, cell, cell)


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
    Row("command", "pay bob 5 (text)", registered(Cell(OWN, "Pay 5.00 USDC to “Bob”?"))),
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
            Cell("✔ continues her payment", "Pay 5.00 USDC to “Bob”"),
            Cell("✘ not their question", "That choice has expired"),
            Cell("✘ not their question", "That choice has expired"),
        ),
    ),
    Row("button", "forged or unknown data", same(Cell("✘ not valid", "not valid"))),
    Row("command", "/token", registered(Cell(OWN, "tokens"))),
)

# REST: who holds the bearer token. A person's token acts only for its owner (Alice here);
# "other's pay token" is Mallory's, used on Alice's things; service tokens never act for a person.
REST_ACTORS = (
    "no token",
    "own read token",
    "own pay token",
    "other's pay token",
    "service read token",
    "service ops token",
)

NO_TOKEN = Cell("✘ 401", "a valid bearer token is required")
READ_ONLY = Cell("✘ 403 read only", "can only read")
NOT_OWNER = Cell("✘ 403 not theirs", "acts only for its owner")
NOT_A_PERSON = Cell("✘ 403 acts for nobody", "never acts for a person")
NEEDS_SERVICE = Cell("✘ 403 service only", "This needs a service token")
NEEDS_OPS = Cell("✘ 403 ops only", "scope ops")
OPEN = Cell("✔ (no token needed)", '"status":"ok"')


def persons(own: Cell) -> tuple[Cell, ...]:
    """Own data for Alice's tokens of either scope; refused to the others."""
    return (NO_TOKEN, own, own, NOT_OWNER, NOT_A_PERSON, NOT_A_PERSON)


def paying(own: Cell, other: Cell = NOT_OWNER) -> tuple[Cell, ...]:
    """Only Alice's pay token moves her money."""
    return (NO_TOKEN, READ_ONLY, own, other, NOT_A_PERSON, NOT_A_PERSON)


def services(cell: Cell) -> tuple[Cell, ...]:
    """A fleet-wide read: a service token of either scope."""
    return (NO_TOKEN, NEEDS_SERVICE, NEEDS_SERVICE, NEEDS_SERVICE, cell, cell)


def operations(cell: Cell) -> tuple[Cell, ...]:
    """An operator route: a service token of scope ops only."""
    return (NO_TOKEN, NEEDS_OPS, NEEDS_OPS, NEEDS_OPS, NEEDS_OPS, cell)


REST_ROWS: tuple[Row, ...] = (
    Row("route", "GET /healthz", (OPEN,) * 6),
    # Counts and breaker states only: nothing in it names a user or a payment.
    Row("route", "GET /metrics", (Cell("✔ (no token needed)", "arcflux_gateway"),) * 6),
    Row("route", "POST /v1/commands (balance)", persons(Cell(OWN, "You have"))),
    Row("route", "POST /v1/commands (pay bob 5)", paying(Cell("✔ proposes", "proposal"))),
    Row(
        "route",
        "POST /v1/payments/{id}/confirm",
        paying(Cell("✔ pays", "completed"), Cell("✘ 409 not theirs", "belongs to someone else")),
    ),
    Row(
        "route",
        "POST /v1/payments/{id}/deny",
        paying(Cell("✔ denies", "denied"), Cell("✘ 409 not theirs", "belongs to someone else")),
    ),
    Row(
        "route",
        "POST /v1/payments/{id}/cancel",
        paying(Cell("✔ cancels", "Cancelled"), Cell("✘ 409 not theirs", "belongs to someone else")),
    ),
    Row("route", "GET /v1/charts/balance.png", persons(Cell(OWN, "PNG"))),
    Row("route", "GET /v1/gateways", services(Cell("✔", "circle"))),
    Row("route", "GET /v1/incidents", services(Cell("✔", "["))),
    Row("route", "POST /v1/gateways/{name}/chaos", operations(Cell("✔", "circle"))),
    Row("route", "POST /v1/routing/cycle", operations(Cell("✔", "explanation"))),
    Row("route", "POST /v1/system/validate", operations(Cell("✔", "ok"))),
    Row("route", "GET /v1/audit?payment_id={id}", operations(Cell("✔", "propose"))),
)


def _table(headers: tuple[str, ...], rows: tuple[Row, ...]) -> list[str]:
    lines = [f"| kind | door | {' | '.join(headers)} |", "| --- | --- |" + " --- |" * len(headers)]
    for row in rows:
        cells = " | ".join(cell.verdict for cell in row.cells)
        lines.append(f"| {row.kind} | `{row.door}` | {cells} |")
    return lines


def render() -> str:
    """docs/authorization.md."""
    lines = [
        "# Authorization",
        "",
        "Generated from `tests/e2e/authorization.py`; `tests/e2e/test_authorization.py` checks",
        "every cell against the running bot and API, and that this page matches the table.",
        "Regenerate with `ARCFLUX_WRITE_DOCS=1 pytest tests/e2e/test_authorization.py`.",
        "Refusals move nothing.",
        "",
        "## In Telegram",
        "",
        "A *stranger* has never sent /start; a *user* acts on their own wallet and payments; an",
        "*other user* is registered and taps or answers someone else's; an *operator* is listed",
        "in `OPERATOR_CHAT_IDS`.",
        "",
        *_table(ACTORS, ROWS),
        "",
        "## Over REST",
        "",
        "A *personal token* is made by its owner in chat (`/token new NAME pay|read`) and acts",
        "only for them: *own* is Alice's token on Alice's things, *other's pay token* is",
        "Mallory's token naming Alice or answering Alice's payment. A *service token* is made on",
        "the server (`arcflux tokens add NAME --scope read|ops`; `API_TOKENS` entries are `ops`",
        "service tokens) and never acts for a person.",
        "",
        *_table(REST_ACTORS, REST_ROWS),
    ]
    return "\n".join(lines) + "\n"
