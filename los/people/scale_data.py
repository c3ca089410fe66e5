"""Sizes, names and texts for the large synthetic installation (`los.people.scale`). Every person and
place here is invented."""

from __future__ import annotations

from los.calendar.models import AppointmentKind
from los.core.models import NeedToKnowReason
from los.team.models import EntryKind

MUNICIPALITY_NAMES = """
Storhavn Bjørkedal Lindvik Fossheim Granberg Sølvfjord Ravnsund Eikeland Hasselvik Tindeland Myrbakk
Kvitsand Furuland Brattvåg Solstrand Nordheim Lauvåsen Rognlia Vestvik Holmsund Bergdal Elvestad
Skogli Fjellstad Havnevik Lyngdal Sandvær Østmark Kleivan Mosby
""".split()
PLACE_PREFIXES = """
Sentrum Nordre Søndre Østre Vestre Bakken Sjøsiden Haugen Lia Bekkestua Furulund Solbakken Åsen
Tjernet Møllen Kirkeby Brygga Skoghøy Dalen Moen
""".split()

BIG_FAMILIES = 5_000
OTHER_FAMILIES = 25_000
BIG_COORDINATORS = 400
BIG_CASEWORKERS = 10
BIG_APPOINTMENTS = 250_000
BIG_ACCESS_LOG = 1_000_000
OTHER_ACCESS_LOG_PER_FAMILY = 10
FAMILIES_PER_PROFESSIONAL = 20
HISTORY_DAYS = 3 * 365

APPOINTMENT_KINDS = (
    [AppointmentKind.TREATMENT] * 6 + [AppointmentKind.CONTROL] * 3 + [AppointmentKind.MEETING]
)
APPOINTMENT_MINUTES = [30, 45, 45, 60, 60, 90]
CONSENT_STATES = ["active", "pending", "withdrawn", "expired", "none"]
CONSENT_WEIGHTS = [76, 6, 6, 5, 7]
HEALTH = ["Fysioterapi for barn", "Helsestasjon og skolehelsetjeneste", "Barneklinikken", "Ergoterapi"]
OTHER = ["Skolen", "PPT", "Barnehagen", "NAV-kontoret"]
GOALS = [
    ("Jeg vil gå til skolen sammen med vennene mine", "child"),
    ("Vi vil ha tid til å hvile som familie", "family"),
    ("Jeg vil klare å spise selv", "child"),
    ("Jeg vil være med på fotballtreningen", "child"),
    ("Vi vil slippe å fortelle historien vår på nytt til hver tjeneste", "family"),
    ("Barnet skal ha en trygg overgang fra barnehage til skole", "child_and_family"),
    ("Jeg vil sove hele natten", "child"),
]
MEASURES = [
    ("Gåtrening med fysioterapeut", "to ganger i uka"),
    ("Søke om avlastning", "én helg i måneden"),
    ("Tilpasset kroppsøving", "hver gymtime"),
    ("Spisetrening med ergoterapeut", "én gang i uka"),
    ("Overgangsmøte med skolen", "to møter før skolestart"),
    ("Veiledning til foreldrene om søvn", "hver fjortende dag"),
    ("Assistent i friminuttene", "hver skoledag"),
]
CONCERNS = [
    "Barnet er mye borte fra skolen og virker slitent.",
    "Barnet trekker seg fra vennene sine i friminuttene.",
    "Foreldrene er bekymret for søvnen og matlysten.",
]
RELAY_TEXTS = [
    (EntryKind.MEETING_NOTE, "Møte med foreldrene og skolen. Vi prøver kortere skoledager i to uker."),
    (EntryKind.POSITIVE, "Var med på hele skoledagen tirsdag og torsdag."),
    (EntryKind.MESSAGE, "Foreldrene ønsker at helsesykepleier er med på neste møte."),
    (EntryKind.EVENT, "Fravær hele uken på grunn av sykdom."),
]
NEED_TO_KNOW = [
    (NeedToKnowReason.CASEWORK, "Forbereder vedtak om barnekoordinator."),
    (NeedToKnowReason.PLAN_WORK, "Skal lede revisjonen av planen."),
    (NeedToKnowReason.COORDINATOR_ABSENT, "Koordinatoren er syk, og familien trenger svar om avlastning."),
    (NeedToKnowReason.SUPERVISION, "Veileder koordinatoren i saken."),
]
# Record types as the app writes them to the access log, per relation.
RECORDS_CASEWORKER = [
    ("family", 30),
    ("family_list", 12),
    ("application", 14),
    ("eligibility", 6),
    ("decision", 6),
    ("decision_letter", 2),
    ("assignment", 5),
    ("consents", 5),
    ("child", 4),
    ("guardian", 3),
    ("interim_reply", 2),
    ("complaint", 1),
    ("caseload", 4),
    ("access_log", 1),
]
RECORDS_NEED_TO_KNOW = [
    ("individual_plan", 4),
    ("responsibility_group", 3),
    ("minutes", 2),
    ("calendar", 3),
    ("relay_log", 1),
    ("referrals", 1),
]
RECORDS_COORDINATOR = [
    ("family", 25),
    ("caseload", 10),
    ("individual_plan", 12),
    ("responsibility_group", 10),
    ("meeting", 6),
    ("minutes", 6),
    ("action_item", 6),
    ("calendar", 10),
    ("appointment", 5),
    ("appointment_needs", 3),
    ("contact_log", 4),
    ("consents", 3),
    ("referrals", 2),
    ("follow_up", 2),
]
RECORDS_PROVIDER = [
    ("family", 30),
    ("calendar", 20),
    ("appointment", 15),
    ("booking_request", 5),
    ("responsibility_group", 8),
    ("meeting", 6),
    ("minutes", 4),
    ("action_item", 6),
    ("individual_plan", 4),
    ("relay_log", 2),
]
RECORDS_GUARDIAN = [
    ("family", 30),
    ("calendar", 20),
    ("appointment", 10),
    ("individual_plan", 8),
    ("minutes", 6),
    ("consents", 6),
    ("decision", 3),
    ("decision_letter", 2),
    ("application", 3),
    ("access_log", 6),
    ("notifications", 4),
    ("action_item", 2),
]
EXPORTS = {"individual_plan", "decision_letter", "calendar"}
