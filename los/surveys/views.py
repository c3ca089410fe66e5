"""The guardian's survey page: five questions on a phone, answered in a minute, or "no, thanks"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from los.core.errors import DomainError

from . import services
from .models import SurveyInvitation
from .questions import QUESTIONS, SCALE, TEXT_MAX


def _own(request, invitation_id) -> SurveyInvitation:
    invitation = SurveyInvitation.objects.filter(pk=invitation_id, user=request.user).first()
    if invitation is None:
        raise Http404
    return invitation


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, invitation_id: int):
    invitation = _own(request, invitation_id)
    given = {q.key: request.POST.get(q.key, "") for q in QUESTIONS} if request.method == "POST" else {}
    error, field = None, None
    if request.method == "POST":
        try:
            if "nei_takk" in request.POST:
                services.decline(invitation.pk, request.user)
                messages.success(request, _("Greit. Du får ikke påminnelse om disse spørsmålene."))
            else:
                services.answer(
                    invitation.pk,
                    request.user,
                    given,
                    request.POST.get("tekst", ""),
                    request.POST.get("send_til_koordinator") == "1",
                )
                messages.success(
                    request, _("Takk for svaret! Det hjelper kommunen å gjøre tjenestene bedre.")
                )
            return redirect("portal:home")
        except DomainError as refused:
            error, field = refused.message, refused.field
    status = 400 if error else 200
    return render(
        request,
        "surveys/answer.html",
        {
            "invitation": invitation,
            "open": invitation.is_open(),
            "questions": [
                {"question": q, "given": given.get(q.key, ""), "invalid": field == q.key} for q in QUESTIONS
            ],
            "scale": list(SCALE),
            "text": request.POST.get("tekst", ""),
            "share": request.POST.get("send_til_koordinator") == "1",
            "text_max": TEXT_MAX,
            "error": error,
        },
        status=status,
    )
