"""`validate`: the ledger's invariants, checked over everything stored."""

from collections import Counter
from decimal import Decimal

from core.deps import Deps
from core.entities import AccountKind
from core.ledger import imbalance


async def validate(deps: Deps) -> list[str]:
    """Every problem found, one plain line each; an empty list means the data is sound.

    Checks: every journal balances per asset, no wallet is negative (by its entries) and its
    cached balance agrees, and every executed run has a risk assessment and exactly one journal.
    """
    problems: list[str] = []
    async with deps.uow(read_only=True) as uow:
        journals = await uow.wallets.journals()
        for journal in journals:
            off = imbalance(journal.entries)
            if off or len(journal.entries) < 2:
                sums = ", ".join(f"{asset} {total:+}" for asset, total in sorted(off.items()))
                problems.append(
                    f"journal {journal.id} ({journal.kind}) does not balance: "
                    f"{sums or f'{len(journal.entries)} entries'}"
                )
        for wallet in await uow.wallets.all_wallets():
            truth = await uow.wallets.entries_balance(wallet.id)
            funds = await uow.wallets.funds(wallet.owner_id or "", wallet.asset)
            cached = funds[0] if funds else Decimal(0)
            if wallet.kind is AccountKind.WALLET and truth < 0:
                problems.append(f"wallet {wallet.id} ({wallet.asset}) is negative: {truth}")
            if cached != truth:
                problems.append(
                    f"wallet {wallet.id} caches {cached} but its entries sum to {truth}"
                )
        per_run = Counter(j.run_id for j in journals if j.run_id is not None)
        assessed = await uow.assessments.assessed_run_ids()
        for run in await uow.payments.succeeded_runs():
            if run.id not in assessed:
                problems.append(f"run {run.id} was executed without a risk assessment")
            if per_run[run.id] != 1:
                problems.append(f"run {run.id} has {per_run[run.id]} journals, not exactly one")
    return problems
