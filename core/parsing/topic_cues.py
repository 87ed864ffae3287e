"""Topic cues beyond the fixed keywords: synonyms, question shapes, a currency named as the topic,
and tense words that separate what went (history) from what will go (upcoming)."""

import re

from core.parsing.intent_words import cues

# Chat spellings and common typos, as whole words, rewritten before the topic cues are matched.
SPELLINGS: dict[str, str] = {
    "acount": "account",
    "accnt": "account",
    "acct": "account",
    "amout": "amount",
    "amnt": "amount",
    "hve": "have",
    "hav": "have",
    "chek": "check",
    "chk": "check",
    "cn": "can",
    "u": "you",
    "ur": "your",
    "wat": "what",
    "wht": "what",
    "whts": "whats",
    "wats": "whats",
    "pls": "please",
    "plz": "please",
    "b4": "before",
    "balnce": "balance",
    "blance": "balance",
    "ballance": "balance",
    "histroy": "history",
    "hstory": "history",
    "pymnt": "payment",
    "paymnt": "payment",
    "paymnts": "payments",
    "mony": "money",
    "cancle": "cancel",
    "cancl": "cancel",
    "hw": "how",
}
_SPELLED = re.compile(r"(?<![\w@])(" + "|".join(map(re.escape, SPELLINGS)) + r")(?![\w@])")
_CURRENCY = r"(usdc|euros?|eur|usd|dollars?|bucks|gbp|pounds?|quid|inr|rupees?|money|cash|funds)"

BALANCE = cues(
    r"\bmoney.?wise\b",
    r"\b(working|work) with\b",
    r"\bhow much (is )?(in|on) (there|here|it|my)\b",
    r"\b(current|my) (total|amount)\b",
    r"\bhow much (can|could) i (still |actually |really )?(spend|send|pay|afford|use)\b",
    rf"\b(got|have|has|any) (any )?{_CURRENCY}\b.{{0,20}}\b(left|in there|in here|remaining"
    r"|on me|available)\b",
    rf"\bstill (have|got) (any )?{_CURRENCY}\b",
    rf"\b(remaining|available|spare|leftover) {_CURRENCY}\b",
    rf"\b{_CURRENCY} (left|remaining|available|to spend)\b",
    rf"\b(amount|total|sum) of {_CURRENCY}\b",
    r"\b(whats|what is|how much is|hows|how is|anything) (in|on) (my|the) (pocket|account"
    r"|wallet|kitty|piggy bank|stash|card)\b",
    r"\b(sitting|stashed|saved up|stored) (in|on)\b",
    rf"^ (my |remaining |any |how much |total )?{_CURRENCY}( left| remaining| balance)? ?\?* $",
    r"\bam i (rich|broke|poor|skint|loaded)\b",
    r"\bhow (loaded|flush|rich|broke|poor|skint)\b",
    rf"\b{_CURRENCY} (situation|status|position)\b",
)
UPCOMING = cues(
    r"\b(coming|going|set to go|due to go|about to go|get taken|gets taken|be taken|taken|come)"
    r" out\b",
    r"\b(leave|leaves|leaving) (my|the) (account|wallet)\b",
    r"\blined up\b",
    r"\b(payments?|transfers?|anything|money)\b.{0,15}\b(set|planned|booked|queued) (for|to)\b",
    r"\b(will i be|am i going to be|ill be) (paying|sending|charged|transferring)\b",
    r"\bon the (calendar|schedule|agenda)\b",
    r"\b(are|is|s) coming\b",
    r"\bnext thing\b",
    r"\b(repeat|repeating|regular|auto|automatic|standing)[- ]?(payments?|transfers?|pays?)\b",
    r"\bauto-?payments?\b",
    r"\bstill (running|on|active|going|live|happening|set up)\b",
    r"\b(will|ll|going to|gonna|set to|due to) (go|leave|come|be taken|get taken|be sent"
    r"|be paid)\b",
)
HISTORY = cues(
    r"\b(have i been|ive been|i been|i have been) (paying|sending|giving|transferring)\b",
    r"\b(did|have) i (blow|blown|splash|splashed|drop|dropped|burn|burned|burnt|shell|shelled"
    r"|fork|forked|waste|wasted|go through|gone through)\b",
    r"\blast (few|couple( of)?|several|\d+) (payments?|transfers?|transactions?|sends)\b",
    r"\b(had|got|gotten|received|get|gotten paid)\b.{0,20}\b(from|by) me\b",
    r"\b(gone|went|sent|paid|transferred) (from me|out)\b",
    r"\bwhat (went|has gone|got sent) to\b",
    r"\bdid \S+( \S+)? get (paid|money|anything)\b",
    r"\b(payments?|transfers?|transactions?|spending|money)\b.{0,20}\b(so far|to date|lately"
    r"|recently|till now|until now)\b",
)
HELP = cues(
    r"\bwhat(s| is) (this|this thing|this bot|the bot|this app|it|arcflux) (for|about)\b",
    r"\b(what|who) are you\b",
    r"\b(what|who) (is|s) (arcflux|this bot|this app|this thing)\b",
    r"\bwhat (can|does) (this|this app|this thing|arcflux|the app) do\b",
    r"\bwalk me through\b",
    r"\b(any )?tips\b",
    r"\bguide\b",
    r"\bget(ting)? started\b",
    r"\b(im|i am) new\b",
    r"\bnew here\b",
    r"\bnot sure how\b",
    r"\b(im|i am) (lost|confused)\b",
    r"\bwhat (should|do|must) i (type|write|say)\b",
    r"\b(list|menu|overview) of (stuff|things|commands|what)\b",
    r"\bwhat (stuff|things) can i\b",
    r"\bhow (would|do|can|should) i (go about|get|start|begin)\b",
)
# Cancel verbs that need a payment as their object ("drop it", "scrap the friday one").
CANCEL = cues(
    r"\b(scrap|ditch|nix|axe|drop|forget( about)?) (it|that|this|them|the|my|those|these|all"
    r"|every)\b",
    r"\b(scrap|ditch|nix|axe|drop|forget about|bin)\b.{0,30}\b(payments?|transfers?|ones?|things?"
    r"|schedules?|orders?|debits?|plans?)\b",
    r"\b(switch|turn|shut|cut) (it|them|that|this|those|these) off\b",
    r"\bno more (\w+ ){0,2}(payments?|transfers?)\b",
    r"\bstop (them|it|that|this|those|these) (all|now|please)?\b",
)
# A message about money or the bot, which deserves suggestions rather than a dead end.
MONEY_TALK = cues(
    r"\b(money|cash|pay\w*|paid|send\w*|sent|transfer\w*|usdc|balance|wallet|account|funds"
    r"|spend\w*|spent|payments?|schedul\w*|recurring|history|bucks?|dollars?|euros?|rupees?"
    r"|pounds?|owe\w*|afford|broke|budget|bot|arcflux|money)\b",
    r"[$€£₹]",
)


def respell(flat_text: str) -> str:
    """``flat_text`` with chat spellings and common typos written out ("wat" → "what")."""
    return _SPELLED.sub(lambda m: SPELLINGS[m.group(1)], flat_text)
