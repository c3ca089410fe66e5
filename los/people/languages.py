"""Languages a family may prefer or need an interpreter for (ISO 639-1 codes, names in bokmål)."""

from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [
    ("nb", _("norsk bokmål")),
    ("nn", _("norsk nynorsk")),
    ("se", _("nordsamisk")),
    ("en", _("engelsk")),
    ("ar", _("arabisk")),
    ("so", _("somali")),
    ("ti", _("tigrinja")),
    ("pl", _("polsk")),
    ("uk", _("ukrainsk")),
    ("ru", _("russisk")),
    ("fa", _("persisk")),
    ("ur", _("urdu")),
    ("lt", _("litauisk")),
    ("ku", _("kurdisk")),
    ("es", _("spansk")),
    ("th", _("thai")),
    ("tr", _("tyrkisk")),
    ("vi", _("vietnamesisk")),
    ("sgn", _("norsk tegnspråk")),
]
LANGUAGE_CODES = {code for code, _label in LANGUAGE_CHOICES}
