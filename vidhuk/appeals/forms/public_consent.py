"""The consent a named resident gives: what is kept, why, and for how long."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vidhuk.core.models import Centre


def retention_words(days: int) -> str:
    """How long personal data is kept, in the genitive ("не довше 5 років"), which reads right
    with two plural forms as well as with Ukrainian's three."""
    if days >= 365:
        years = round(days / 365.25)
        return ngettext("%(count)s року", "%(count)s років", years) % {"count": years}
    return ngettext("%(count)s дня", "%(count)s днів", days) % {"count": days}


def consent_statement(*, centre: Centre, retention_days: int) -> str:
    """The consent text shown beside the checkbox and stored with the item as given."""
    return str(
        _(
            "%(centre)s обробляє ваші прізвище, ім’я, по батькові, адресу, контакти, текст "
            "повідомлення та додані файли лише для того, щоб розглянути його і відповісти вам "
            "(закони «Про звернення громадян», «Про доступ до публічної інформації», «Про захист "
            "персональних даних»). Ваші дані не передають стороннім особам. Після завершення "
            "розгляду їх зберігають не довше %(term)s, а потім знеособлюють: лишається тільки "
            "статистика без імен. Ви можете дізнатися, які дані про вас зберігаються, "
            "звернувшись до центру."
        )
        % {"centre": centre.name, "term": retention_words(retention_days)}
    )
