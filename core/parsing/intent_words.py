"""Keyword patterns the intent classifier uses, matched against the flat (folded) text."""

import re


def cues(*parts: str) -> re.Pattern[str]:
    """One alternation of ``parts`` (matched against flat, already folded text)."""
    # Factoring the leading word boundary out lets the engine skip mid-word positions at once
    # instead of trying every alternative there; the language matched is the same.
    bounded = [part[2:] for part in parts if part.startswith(r"\b")]
    others = [part for part in parts if not part.startswith(r"\b")]
    branches = ([rf"\b(?:{'|'.join(bounded)})"] if bounded else []) + others
    return re.compile("|".join(branches))


INJECTION = cues(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|prompts?|rules)\b",
    r"\bignore (all |the |everything )?(above|previous|prior|that)\b",
    r"\bdisregard\b",
    r"\bsystem prompt\b",
    r"\bjailbreak",
    r"\b(developer|admin|god) mode\b",
    r"\byou are now\b",
    r"\bnew instructions\b",
    r"^ system\b",
)
UNSUPPORTED = cues(
    r"\b(buy|sell|swap|stake|staking|unstake|trade|trading|invest|investing|convert|exchange"
    r"|price|prices|bitcoin|btc|eth|ether|ethereum|solana|doge|dogecoin|crypto|nfts?|stocks?"
    r"|shares|weather|forecast|temperature|football|soccer|joke|poem|recipe|loan|borrow|mortgage)\b"
)
HELP = cues(
    r"^ /?(help|start|menu|commands|info|\?+) \??$",
    r"\bwhat (can|do|does|else can) (you|u|this bot|the bot|this thing|it) do\b",
    r"\bwhat can i (ask|do|say|type|use)\b",
    r"\bwhat (kind|sort|type)s? of (things|stuff|commands|questions|requests)\b",
    r"\bwhat (are|is) (the|your) (commands|features|options)\b",
    r"\bwhat commands\b",
    r"\b(list|show)( me)? (the |your |all )?(commands|features|options)\b",
    r"\bhow (do|can|should|would|does) (i|we|you|one|someone|it|this|the bot|this bot)\b",
    r"\bhow to\b",
    r"\bexplain\b",
    r"\btutorial\b",
    r"\binstructions\b",
    r"\bhow (it|this|this bot) works?\b",
    r"\bshow me how\b",
    r"\bteach me\b",
    r"\bis it possible to\b",
    r"\bhelp\b",
    r"\bwhat (you|u) can do\b",
    r"\bhow (does|do) .{0,30}\bwork\b",
    r"\bhow does\b",
    r"\b(syntax|format|example)\b",
    r"\b(supported|which|what) (currencies|assets|coins|tokens)\b",
    r"\bdo you support\b",
)
SUPPORT = cues(
    r"\b(why|pending|declined?|declining|fail(ed|ing|s|ure)?|fees?|charged|refund(ed|s)?|revert"
    r"|reverse|reversal|wrong|mistake|mistakenly|accidentally|arrived?|hasnt|havent|didnt"
    r"|doesnt|isnt|wasnt|cant|cannot|couldnt|wont|unable|still|stuck|problem|issue|error"
    r"|dispute|fraud|scam|stolen|lost|blocked|frozen|top ?up|topup|topped|card|atm|verify"
    r"|verification|identity|beneficiary|overseas|abroad|iban|swift|sepa|automatic(ally)?"
    r"|intervals?|compromised|hacked|unauthori[sz]ed|disappeared|missing|statement)\b",
    r"\bi (made|did|sent|paid|transferred|tried|received|got|was|had|just)\b",
    r"\bmy (transfer|transaction|payment|deposit|top ?up)s? (is|was|has|have|keeps|didnt|hasnt)\b",
    r"\bnot (arrived|received|showing|working|gone|go through|went through)\b",
)
NOT_PAY = cues(
    r"\bremind(er)?\b",
    r"\bremember to\b",
    r"\bnotify me\b",
    r"\balert me\b",
    r"\brequest(ing|ed|s)?\b",
    # "invoice bob for 30" asks for money; "for invoice 3318" only says what a payment is for.
    r"(?<!for )(?<!the )(?<!an )(?<!my )(?<!this )(?<!per )\binvoice\b(?! ?#?\d)",
    r"\bcollect\b",
    r"\bask @?\w+( \w+)? (to|for)\b",
    r"\b(borrowed|owes|owed me|lent me)\b",
    r"\b(send|sent|pay|paid|transfer|give|gave|wire|refund|return|owes?|lend|back) me\b",
    r"\bto me\b",
    r"\b(split|charge|bill)\b",
    r"\b(tell|text|message|email) (\w+)\b(?<!me)",
    r"\bif (he|she|they|i|it|you)\b",
    r"\b(might|maybe|perhaps|considering|planning to)\b",
    r"\bthinking (of|about)\b",
    r"\b(receive|get|collect|claim)\b.{0,40}\bfrom\b",
    r"\bshould i\b",
    r"\bwhat if\b",
    r"\b(dont|do not|never|not|no longer|wont|will not|stop)( want to| wanna| need to)?"
    r" (pay|send|transfer|give)\b",
)
CANCEL = cues(
    r"\b(cancel\w*|unschedule|delete|remove|kill|terminate|halt|stop|stopping|discontinue"
    r"|revoke|disable|deactivate|abort|pause|suspend)\b",
    r"\b(turn|switch|shut) off\b",
    r"\bcall off\b",
    r"\bget rid of\b",
    r"\bend (the|my|all|this|that|those|these)\b",
    r"\bno more (payments?|transfers?)\b",
    r"\bno longer (want to )?(pay|send)\b",
    r"\b(dont|do not) (want to |wish to )?(pay|send)\b.*\b(anymore|any more)\b",
)
PAST = cues(
    r"\btransactions?\b",
    r"\b(made|did|sent|went|done|completed|processed)\b",
    r"\b(already|yesterday|ago|earlier)\b",
    r"\bthis morning\b",
    r"\blast (night|week)\b",
    r"\b(last|latest|previous|recent) (transfer|payment|transaction)\b",
    r"^ (can|could|how|is it possible|am i able|is there)\b",
)
SCHEDULED = cues(
    r"\b(schedul\w*|recurring|standing|repeating|upcoming|future|weekly|monthly|daily"
    r"|every|each|tomorrow|next|planned|automatic|subscriptions?|regular|set up|thing)\b"
)
# What a cancel may be about: our payments, or the bare command; never an account or a card.
CANCEL_OBJECT = cues(
    r"\b(payments?|transfers?|schedules?|orders?|standing|recurring|debits?|it|that|this|them"
    r"|ones?|subscriptions?|rent|plans?|mandates?|paying|sending|everything|all)\b",
    r"^ \w+ ?(please|pls)? $",
)
NOT_OURS = cues(r"\b(account|card|profile|app|membership|data|details|number)\b")
ALL = cues(
    r"\b(all|everything|every (single |last )?(one|payment|transfer|schedule)s?|them all)\b",
    r"\b(to )?(anyone|anybody|everyone|everybody)\b",
)
HISTORY_STRONG = cues(
    r"\bdid i\b.{0,30}\b(pay|send|transfer|give|spend)\b",
    r"\bhave i (already |ever |recently )?(paid|sent|transferred|given|spent)\b",
    r"\bwhat (did|have) i (pay|paid|send|sent|spend|spent|transfer|transferred)\b",
    r"\bhow much (have|did|had) i (sent|send|paid|pay|spent|spend|transferred|transfer|given)\b",
    r"\bwhere did (my|all my|the|all the) money go\b",
    r"\bwho (did|have) i (pay|paid|send|sent)\b",
)
AFFORD = cues(r"\benough\b.{0,20}\b(money|funds|usdc|balance|cash|to|for)\b", r"\bafford\b")
BALANCE = cues(
    r"\b(balance|balances|bal)\b",
    r"\bam i broke\b",
    r"\bhow (rich|broke)\b",
    r"\bfunds\b",
    r"\bhow much\b.{0,40}\b(have|got|left|own|hold|remaining|available|in my|is there)\b",
    r"\bwallet\b",
    r"\bmy (money|savings)\b",
    r"\bmoney (left|remaining)\b",
    r"\b(whats|what is) left\b",
    r"\bleft in my\b",
    r"\bhow much (can|could) i (spend|send|pay|transfer)\b",
    r"\bdo i have (any )?(money|funds|cash|usdc|enough)\b",
)
UPCOMING = cues(
    r"\bupcoming\b",
    r"\bscheduled\b",
    r"\bstanding orders?\b",
    r"\bschedules?\b",
    r"\b(recurring|repeating|regular|automatic|auto|future|planned|pending|queued|active)"
    r" (payments?|transfers?|orders?|debits?|transactions?)\b",
    r"\bsubscriptions?\b",
    r"\bdue\b",
    r"\bauto-?pay\b",
    r"\bcoming up\b",
    r"\bnext (payment|transfer|run|one)\b",
    r"\bplanned\b",
    r"\bqueued\b",
    r"\bgo(ing|es)? out\b",
    r"\bwill (go|be paid|be sent|run)\b",
    r"\bpaying next\b",
    r"\bam i paying\b",
    r"\bset up\b",
    r"\bwhats next\b",
    r"\bwhen (is|will|does|do)\b.{0,40}\b(pay|payment|transfer|run)\b",
)
HISTORY = cues(
    r"\bhistory\b",
    r"\btransactions\b",
    r"\bstatement\b",
    r"\bactivity\b",
    r"\breceipts?\b",
    r"\bspending\b",
    r"\bledger\b",
    r"\bwent out\b",
    r"\blast time i\b",
    r"\b(payments?|transfers?|money) (sent|made|paid)\b",
    r"\bi (paid|sent)\b",
    r"\b(show|list|view|see)( me)?( all)?( of)?( my| the)? (payments|transfers)\b",
    r"\b(past|previous|prior|recent|earlier|old|completed) (payments?|transactions?|transfers?)\b",
    r"\b(last|latest|most recent|previous|recent) (\d+ )?(payments?|transactions?|transfers?)\b",
    r"\b(payments?|transfers?|money|everything) i( ve| have)? (made|sent|paid|spent|transferred)\b",
    r"\b(payments?|transfers?|money|everything) ive (made|sent|paid|spent|transferred)\b",
)
PAY_VERB = cues(
    r"\b(pay|send|transfer|give|wire|remit|tip|schedule|set up|setup|line up|sned|snd|pya|payy"
    r"|tranfer|trasnfer|transfr)\b"
)
PAY_NOUN = cues(
    r"\b(make|want|need|like|new|create|set up|start|initiate)\b.{0,20}\b(payment"
    r"|transfer)\b"
)
QUESTION = cues(
    r"^ (how|what|whats|when|whens|where|why|which|who|whos|is|are|am|do|does|did"
    r"|can i|could i|should|may i|have i|has)\b"
)
CAPABILITY = cues(r"^ (can|could) (you|u|i|this bot|the bot|it)\b", r"^ (is it|is there)\b")
UPCOMING_STRONG = cues(
    r"\bnext (payment|transfer|run)s?\b",
    r"\bwhen(s| is| will| does| do| are)\b",
    r"\b(upcoming|scheduled|planned) (payments?|transfers?)\b",
)
