"""The life of a decision: which state may follow which, what each step must say, and who may
take it. Draft → adopted → in progress → done → verified, with the exits partly done, not done
and cancelled; «reopen» takes a finished or stopped decision back to «in progress»."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import DecisionState as S

# (from, to) → the step. A reason is public: residents read it on the board.
REASON = "reason"  # not done / cancelled: a public reason
NOTE = "note"  # reopen: a public note
VERIFICATION = "verification"  # verified: how the effect was checked


@dataclass(frozen=True)
class Step:
    to_state: str
    label: Promise
    capability: str  # who may take it
    needs: str = ""  # REASON, NOTE, VERIFICATION or nothing
    is_reopen: bool = False


_ADOPT = Step(S.ADOPTED, _("Ухвалити"), "decisions.adopt")
_START = Step(S.IN_PROGRESS, _("Розпочати виконання"), "decisions.edit")
_DONE = Step(S.DONE, _("Позначити виконаним"), "decisions.edit")
_PARTLY = Step(S.PARTLY_DONE, _("Виконано частково"), "decisions.edit", REASON)
_NOT_DONE = Step(S.NOT_DONE, _("Не виконано"), "decisions.edit", REASON)
_CANCEL = Step(S.CANCELLED, _("Скасувати"), "decisions.adopt", REASON)
_VERIFY = Step(S.VERIFIED, _("Підтвердити ефект"), "decisions.adopt", VERIFICATION)
_REOPEN = Step(S.IN_PROGRESS, _("Відкрити знову"), "decisions.adopt", NOTE, is_reopen=True)

STEPS: dict[str, tuple[Step, ...]] = {
    S.DRAFT: (_ADOPT, _CANCEL),
    S.ADOPTED: (_START, _DONE, _PARTLY, _NOT_DONE, _CANCEL),
    S.IN_PROGRESS: (_DONE, _PARTLY, _NOT_DONE, _CANCEL),
    S.DONE: (_VERIFY, _REOPEN),
    S.PARTLY_DONE: (_VERIFY, _REOPEN),
    S.NOT_DONE: (_REOPEN,),
    S.CANCELLED: (_REOPEN,),
    S.VERIFIED: (_REOPEN,),
}


def step_for(from_state: str, to_state: str) -> Step | None:
    return next((s for s in STEPS.get(from_state, ()) if s.to_state == to_state), None)


def steps_from(from_state: str) -> tuple[Step, ...]:
    return STEPS.get(from_state, ())
