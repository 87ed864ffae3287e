"""Talk about a payment that asks for none: jokes, hypotheticals, reports, outside plans, doubts.

Each veto is a named cue list matched against the flat text. Any veto means "not a pay", whoever
proposed the pay (the parser or a model); a change of mind about a payment is a cancel instead.
"""

import re

from core.parsing.intent_words import cues

VETOES: dict[str, re.Pattern[str]] = {
    # "bob would faint if I wired him a million lol", "picture me sending erin 5k"
    # Laughter alone does not veto ("pay bob 10 lol" still asks); taking it back does.
    "joke": cues(
        r"\b(jk|j/k|kidding|joking|not really|as if)\b",
        r"\bwould (faint|die|freak|laugh|cry|flip|lose it|kill me)\b",
        r"\b(imagine|picture) (me|if|that|this|\w+ing)\b",
    ),
    # "if I were rich I'd send mom 10k", "if I win the lottery", "what would happen if I paid"
    "hypothetical": cues(
        r"\bif (i|we) (were|was|won|win|had|get|got|ever|could|accidentally|paid|sent)\b",
        r"^ if\b",
        r"\bif \S+( \S+)? (asks?|wants?|needs?|says?|agrees?|calls?|texts?|is|does|doesnt)\b",
        r"\b(id|i would|we would|wed) (send|pay|give|transfer|wire|buy)\b",
        r"\bwhat (would|will|could) happen\b",
        r"\bwhat if\b",
        r"\b(lottery|jackpot|millionaire|rich)\b",
        r"\b(one day|someday|one of these days|eventually|in another life)\b",
        r"\b(once|when|whenever) (he|she|they) (asks?|needs?|wants?|tells?|reminds?|is|are"
        r"|gets?)\b",
    ),
    # "paid alice back on monday", "sorted mom out yesterday", "erin received 1.2k from me"
    "report": cues(
        r"^ (i |we |just |already )?(paid|sent|gave|wired|transferred|covered|sorted|settled"
        r"|tipped|lent|loaned|spotted|venmoed|handed)\b",
        r"\b(i|we) (already |just )?(paid|gave|covered|sorted|settled|tipped|lent|loaned|spotted"
        r"|handed|sent|wired|transferred)\b",
        r"\b(received|got|had|gotten)\b.{0,30}\bfrom me\b",
        r"\b(yesterday|ago|last (night|week|month|year|time|monday|tuesday|wednesday|thursday"
        r"|friday|saturday|sunday|weekend)(?! of)|back in|earlier today|this morning)\b",
        r"\bwere (square|even|good|quits)\b",
    ),
    # "I'll hand carol the cash", "gonna pay frank by bank transfer, not through here"
    "outside": cues(
        r"\b(cash|cheque|venmo\w*|zelle|revolut|cash ?app|bank transfer|wire transfer|in person"
        r"|by hand|iou)\b",
        r"\b(a|the) check\b",
        r"\b(my|the|a) bank\b",
        # The payer announcing what they will do themselves is a plan, not a request to the bot.
        r"\b(ill|i will|im gonna|im going to|i am going to|i plan to|im planning to|gonna)\b",
        r"\bnot (through|via|on|with|using|in) (here|this|you|the bot|this bot|the app|arcflux)\b",
        r"\b(settle|square|even) (up|things up)\b",
        r"\b(over|at|after) (dinner|lunch|breakfast|drinks|coffee|work|school|the party)\b",
        r"\bwhen (i|we) (see|meet|next see)\b",
        r"\b(getting|gets|get) (his|her|their) \S+ (in|from)\b",
    ),
    # "should I pay dave back now?", "do you think it's a good idea to send carol 500?"
    "doubt": cues(
        r"\bshould (i|we)\b",
        r"^ (would|will|wouldnt|wont|does|is) (?!you\b|ya\b|ye\b)\S+ (be|mind|like|want|care"
        r"|expect|need|appreciate|prefer)\b",
        r"\b(do|dont) you think\b",
        r"\b(good|bad|smart|dumb) idea\b",
        r"\bis it (wise|ok|okay|smart|rude|weird|fine|normal|too)\b",
        r"\btoo (much|little|cheap|generous)\b",
        r"\bwould it (be|look|seem)\b",
        r"\bor (wait|not|should)\b",
        r"\b(worth|deserve)\b",
        r"\b(wondering|wonder) (if|whether)\b",
    ),
}
# A change of mind about a payment already set up: a cancel, never a new pay.
CHANGE_OF_MIND = cues(
    r"\b(changed|change) my mind\b",
    r"\b(on )?second thoughts?\b",
    r"\bchange of heart\b",
    r"\bnever ?mind (the|that|my|about)\b",
    r"\b(forget|scrap|drop|ditch|nix|axe|bin) (about )?(it|that|this|them|the|my|those|these)\b",
    r"\b(dont|do not|no longer) (want|need) (that|the|this|my|those|these|it)\b"
    r".{0,60}\b(to )?(go through|happen|run|go out|anymore|any more)\b",
    r"\b(doesnt|dont|no longer) (need|want) (the|my|those|these|that|them|it)\b",
    r"\b(dont|do not|no longer) (want|need|wish) to (pay|send|transfer|give)\b"
    r".{0,40}\b(every|each|weekly|monthly|daily|anymore|any more)\b",
    r"\b(make|let) (the|that|this|it|them|my)\b.{0,40}\b(stop|end)\b",
)


def is_hypothetical(flat_text: str) -> bool:
    """True for talk about what would or might happen, which asks for nothing at all."""
    return VETOES["hypothetical"].search(flat_text) is not None


def pay_veto(flat_text: str) -> str | None:
    """The name of the first veto the flat text triggers, or None when a pay may stand."""
    for name, pattern in VETOES.items():
        if pattern.search(flat_text):
            return name
    return None
