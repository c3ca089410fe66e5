"""The five questions families are asked, briefly and often, about whether the scheme relieves them.

Each is answered on a scale from 1 to 5 where 5 is always the good end (for "Have you had to coordinate
the services yourself?" that is "No, not at all"), so that means can be compared and a rising line is
always better. Any question may be skipped.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Question:
    key: str
    text: object
    low: object  # what 1 means
    high: object  # what 5 means


QUESTIONS = [
    Question(
        "knows_contact", _("Vet du hvem du skal kontakte?"), _("Nei, ikke i det hele tatt"), _("Ja, helt")
    ),
    Question(
        "not_coordinating_myself",
        _("Har du selv måttet koordinere tjenestene den siste tiden?"),
        _("Ja, hele tiden"),
        _("Nei, ikke i det hele tatt"),
    ),
    Question(
        "appointments_coordinated", _("Er avtalene samordnet?"), _("Nei, ikke i det hele tatt"), _("Ja, helt")
    ),
    Question("heard", _("Blir dere hørt?"), _("Nei, ikke i det hele tatt"), _("Ja, helt")),
    Question(
        "satisfied_with_coordinator",
        _("Hvor fornøyd er du med koordinatoren?"),
        _("Svært misfornøyd"),
        _("Svært fornøyd"),
    ),
]
KEYS = [q.key for q in QUESTIONS]
SCALE = range(1, 6)
# What a guardian may send on to the coordinator, if they tick that they want to.
TEXT_MAX = 350
