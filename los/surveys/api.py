"""The guardian's surveys: which are open, and answering one (once)."""

import datetime

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from los.api.types import WRITE, Message, answers
from los.core.bounds import Id

from . import services
from .models import SurveyInvitation
from .questions import QUESTIONS, TEXT_MAX

router = Router(tags=["surveys"])


class QuestionOut(Schema):
    key: str
    text: str
    low: str = Field(description="What 1 means.")
    high: str = Field(description="What 5 means (always the good end).")


class SurveyOut(Schema):
    id: int
    trigger: str = Field(description="meeting (after a responsibility-group meeting) or quarterly.")
    created_at: datetime.datetime
    closes_at: datetime.datetime
    questions: list[QuestionOut]


class AnswerIn(Schema):
    scores: dict[str, int | None] = Field(
        default_factory=dict, description="Per question key: 1 to 5, or null / left out to skip it."
    )
    text: str = Field(default="", max_length=TEXT_MAX)
    share_with_coordinator: bool = Field(
        default=False,
        description="Send the text, with the guardian's name, to the coordinator; else it is not kept.",
    )


def _questions() -> list[QuestionOut]:
    return [QuestionOut(key=q.key, text=str(q.text), low=str(q.low), high=str(q.high)) for q in QUESTIONS]


@router.get("/me/surveys", response=answers({200: list[SurveyOut]}, 401, 422))
def my_surveys(request):
    """The signed-in guardian's open surveys, newest first. Answers are stored without the guardian's
    identity and shown to the municipality only in groups of at least five."""
    questions = _questions()
    return [
        SurveyOut(
            id=i.pk, trigger=i.trigger, created_at=i.created_at, closes_at=i.closes_at, questions=questions
        )
        for i in services.open_invitations(request.user)
    ]


@router.post("/surveys/{survey_id}/answer", response=answers({201: Message}, *WRITE, 409))
def answer_survey(request, survey_id: Id, body: AnswerIn):
    """Answer one of your surveys. A second answer is refused (409), never overwritten; a closed survey
    answers 422."""
    try:
        services.answer(survey_id, request.user, body.scores, body.text, body.share_with_coordinator)
    except SurveyInvitation.DoesNotExist:
        raise Http404 from None
    except services.AlreadyAnswered as refused:
        raise HttpError(409, str(refused.message)) from None
    return Status(201, Message(message="OK"))
