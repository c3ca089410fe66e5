"""What the admin tests look for: the words that would name a family, and how a browser fills in the
admin's forms."""

from html.parser import HTMLParser

from django.urls import NoReverseMatch, reverse

SECRET = "HEMMELIG-INNHOLD"


def family_words(tenant) -> set[str]:
    """Everything that would name a family, a child or a guardian, or show a record's content."""
    words = {SECRET, tenant.guardian_user.username}
    for family in (tenant.family, tenant.other_family):
        words.add(family.name)
        words.add(family.name.split()[-1])  # the surname the children and guardians share
        for child in family.children.all():
            words |= {child.full_name, child.national_id}
        for guardian in family.guardians.all():
            words.add(f"{guardian.first_name} {guardian.last_name}")
            if guardian.email:
                words.add(guardian.email)
    return {w for w in words if w}


def assert_no_family_content(response, words, where):
    text = response.content.decode()
    found = sorted(w for w in words if w in text)
    assert not found, f"{where} shows family content: {found}"


class FormReader(HTMLParser):
    """The values a browser would send for the admin's change form (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, object] = {}
        self._select = None
        self._textarea = None
        self._in_form = False

    def _add(self, name, value):
        if name in self.data:
            existing = self.data[name]
            self.data[name] = (existing if isinstance(existing, list) else [existing]) + [value]
        else:
            self.data[name] = value

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "method" in a:
            self._in_form = a.get("id", "").endswith("_form")
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self._add(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            if "multiple" in a:
                self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_data(response) -> dict:
    reader = FormReader()
    reader.feed(response.content.decode())
    return reader.data


def change_user(client, user, **changes):
    url = reverse("admin:core_user_change", args=[user.pk])
    data = form_data(client.get(url))
    data.update({k: v for k, v in changes.items() if v is not None})
    for k in [k for k, v in changes.items() if v is None]:
        data.pop(k, None)
    return client.post(url, data)


def has_url(name):
    try:
        reverse(name, args=[1])
        return True
    except NoReverseMatch:
        return False


def form_errors(response):
    context = getattr(response, "context", None)
    if not context:
        return response.status_code
    errors = []
    if "adminform" in context:
        errors.append(context["adminform"].form.errors)
    for formset in context.get("inline_admin_formsets", []):
        errors.append(formset.formset.errors)
    return errors
