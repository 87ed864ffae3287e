"""Common given names: a typed word that is itself a real name is never treated as a typo."""

# Why: "Carl" is one dropped letter from "Carol" and "Fran" from "Frank", yet a user who types
# them means someone else. Contacts never come from here; this only vetoes fuzzy matches.
_COMMON_NAMES_TEXT = """
    aaron abby abe adam adrian aiden al alan alex alexa alexis ali alicia alina allan allen
    alma amanda amber amit amy ana andre andrea andrew andy angel angela anil anita ann anna
    anne annie anton april arjun arnold art arun asha ashley ava barb barry bart beth betty
    bill billy blake bo brad brian bruce bryan carl carla carlo carlos carly carmen caro carrie
    cary cathy chad charles charlie chris cindy claire clara colin craig dale dan dana dani
    daniel danny darren dave davey david dawn dean deb debra dee dena dennis derek diana diane
    dina dev devi dom don donna doug drew ed eddie eden edna eli elena eli eliza ella ellen
    emily emma eric erica erik erika erinn ern ernie esther eva evan eve faye fran frances
    francis frankie fred freda gail gary gene george gina glen grace greg hank hannah harry
    heidi helen henry ian ida ira iris isaac ivan jack jake james jan jane janet jay jean
    jeff jen jenny jerry jess jill jim joan joe joel john jon jonas jose josh joy juan judy
    julia julie june karen karl kate katie kay keith ken kevin kim kiran kris kyle lana lara
    larry laura lea leah lee len leo leon lily lina linda lisa liz lois lou luis luke lynn
    mae mali mara marc marco maria marie mark mary matt max may megan mia mike mina mira
    molly nadia nan nancy nate neil nia nick nina noah nora paul pete peter phil pia pooja
    priyanka raj rama ravi ray rena rene rick rita riya rob robert robin rod rohan ron rosa
    rose roy ruby russ ruth ryan sam sara sarah sean seth shah sid simon sonia stan steve sue
    tara ted teri tina tom tony tracy uma val vera vic vicky walt will zach zoe
    """
COMMON_NAMES: frozenset[str] = frozenset(_COMMON_NAMES_TEXT.split())
