import pytest

from vidhuk.catalog.search import document_for, lemma, query_lemmas
from vidhuk.catalog.selectors import service_list_public
from vidhuk.catalog.services import service_create
from vidhuk.catalog.tests.factories import ServiceFactory


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        pytest.param("паспорта", "паспорт", id="genitive-singular"),
        pytest.param("паспортів", "паспорт", id="genitive-plural"),
        pytest.param("довідки", "довідка", id="feminine"),
        pytest.param("ділянки", "ділянка", id="land-plot"),
        pytest.param("Субсидії", "субсидія", id="capitalised"),
        pytest.param("ID-картки", "id-картка", id="latin-prefix-compound"),
    ],
)
def test_lemma_reduces_ukrainian_word_forms(word, expected):
    assert lemma(word) == expected


def test_document_holds_lemmas_and_typed_words():
    document = document_for("Оформлення паспортів громадянина")

    assert " паспорт " in document
    assert " паспортів " in document
    assert " громадянин " in document


def test_query_lemmas_are_unique_and_bounded():
    assert query_lemmas("паспорт паспорта паспортів") == ["паспорт"]
    assert len(query_lemmas(" ".join(f"слово{i}" for i in range(30)))) == 10


def _service(centre, name, **extra):
    return service_create(
        centre=centre,
        data={
            "code": extra.pop("code"),
            "name": name,
            "provider_name": "Міська рада",
            "legal_basis": "Закон",
            "documents": "Заява",
            "is_free": True,
            "max_term_days": 30,
            "result": "Документ",
            "delivery_methods": "Особисто",
            "appeal_procedure": "До суду",
            **extra,
        },
        actor=None,
    )


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("паспорт", id="nominative"),
        pytest.param("паспорта", id="genitive"),
        pytest.param("паспортів", id="plural"),
        pytest.param("ПАСПОРТ", id="upper-case"),
        pytest.param("паспо", id="prefix-while-typing"),
    ],
)
def test_search_finds_the_service_by_any_word_form(centre, query):
    wanted = _service(centre, "Оформлення закордонного паспорта", code="A1")
    _service(centre, "Державна реєстрація народження дитини", code="A2")

    found = list(service_list_public(centre=centre, query=query))

    assert found == [wanted]


def test_search_needs_every_word(centre):
    land = _service(
        centre, "Витяг з Державного земельного кадастру про земельну ділянку", code="B1"
    )
    _service(centre, "Реєстрація земельної ділянки", code="B2")

    assert list(service_list_public(centre=centre, query="витягу ділянки")) == [land]


def test_search_uses_keywords_residents_type(centre):
    id_card = _service(
        centre, "Оформлення паспорта громадянина України", code="C1", keywords="айді картка"
    )

    assert list(service_list_public(centre=centre, query="айді")) == [id_card]


def test_search_never_returns_another_centres_services(centre, other_centre):
    ServiceFactory(centre=other_centre, name="Оформлення паспорта")

    assert list(service_list_public(centre=centre, query="паспорт")) == []


def test_unpublished_services_are_not_listed(centre):
    _service(centre, "Оформлення паспорта", code="D1", is_published=False)

    assert list(service_list_public(centre=centre, query="паспорт")) == []
