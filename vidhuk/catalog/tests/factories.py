import factory

from vidhuk.catalog.models import Category, LifeSituation, Service
from vidhuk.catalog.search import document_for
from vidhuk.core.tests.factories import CentreFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Категорія {n}")


class LifeSituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LifeSituation

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Ситуація {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    centre = factory.SubFactory(CentreFactory)
    code = factory.Sequence(lambda n: f"T-{n:04d}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"Видача довідки №{n}")
    provider_name = "Вербівська міська рада"
    legal_basis = "Закон України «Про адміністративні послуги»"
    documents = "Заява\nПаспорт громадянина України"
    is_free = True
    max_term_days = 30
    result = "Довідка"
    delivery_methods = "Особисто у ЦНАП"
    appeal_procedure = "До суду в порядку адміністративного судочинства."
    search_document = factory.LazyAttribute(lambda o: document_for(o.name))
