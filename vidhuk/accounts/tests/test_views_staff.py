"""The centre's people and roles, as its head manages them; nobody else may."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import sign_in_verified
from vidhuk.accounts.choices import Role
from vidhuk.accounts.models import Membership
from vidhuk.accounts.tests.factories import MembershipFactory, UserFactory
from vidhuk.core.choices import AuditAction
from vidhuk.core.models import AuditEvent

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "Sunflower-Tractor-Kyiv-2026"
INVITE = {
    "email": "Oksana.Melnyk@cnap.example",
    "last_name": "Мельник",
    "first_name": "Оксана",
    "patronymic": "Петрівна",
    "role": Role.ADMINISTRATOR,
}
NOT_HEADS = [
    pytest.param(role, id=role)
    for role in (Role.ADMINISTRATOR, Role.HOTLINE_OPERATOR, Role.COMMUNICATIONS, Role.ANALYST)
]


def url(name: str, centre, *args) -> str:
    return reverse(f"accounts:{name}", args=[centre.slug, *args])


def state() -> list[object]:
    """Everything a staff page could change, to prove a refused request changed nothing."""
    return [
        tuple(User.objects.order_by("pk").values_list("pk", "email", "is_active")),
        tuple(Membership.objects.order_by("pk").values_list("pk", "role", "is_active")),
        AuditEvent.objects.count(),
    ]


def test_list_shows_people_roles_and_what_each_role_may_do(
    staff_client, centre, django_assert_max_num_queries
):
    client, head = staff_client(Role.HEAD)
    # First by surname whatever the factory's sequence reached («Коваленко10» < «Коваленко8»).
    head.user.last_name = "Авраменко"
    head.user.save()
    MembershipFactory.create_batch(5, centre=centre, role=Role.ANALYST)
    MembershipFactory(centre=centre, role=Role.ANALYST, is_active=False)

    with django_assert_max_num_queries(12):
        response = client.get(url("staff_list", centre))

    assert response.status_code == 200
    assert [m.pk for m in response.context["memberships"]][0] == head.pk
    assert len(response.context["memberships"]) == 7
    assert "Вимкнено" in response.text
    assert "Керувати персоналом і ролями" in response.text
    # Each app registers its own capabilities: the lists grow with the apps installed, so the
    # test checks what each role must and must not be shown, in the registered order.
    roles = {r["value"]: r["capabilities"] for r in response.context["roles"]}
    analyst = roles["analyst"]
    assert "Переглядати й експортувати результати опитувань" in analyst
    assert "Переглядати й експортувати показники черги" in analyst
    assert "Керувати персоналом і ролями" not in analyst
    assert "Розглядати звернення та відповідати" not in analyst
    administrator = roles["administrator"]
    expected = [
        "Редагувати каталог послуг",
        "Редагувати офіси та години роботи",
        "Переглядати звернення та відгуки",
        "Реєструвати звернення, дзвінки та скриньки",
        "Розглядати звернення та відповідати",
        "Друкувати коди й анкети, вносити та імпортувати відповіді",
        "Переглядати й експортувати результати опитувань",
        "Записувати на прийом і бачити записи дня (імена, телефони)",
        "Переглядати й експортувати показники черги",
        "Працювати у вікні: викликати й обслуговувати відвідувачів черги",
    ]
    assert [c for c in administrator if c in expected] == expected
    assert "Керувати персоналом і ролями" not in administrator


# Inviting (by e-mail, accepted by the invitee) is in test_invitations.py.


def test_adding_someone_already_in_the_centre_is_explained(staff_client, centre):
    client, _head = staff_client(Role.HEAD)
    member = MembershipFactory(centre=centre, role=Role.ANALYST)
    before = state()

    response = client.post(url("staff_add", centre), {**INVITE, "email": member.user.email})

    assert response.status_code == 200
    assert "Ця людина вже працює в центрі." in response.text
    assert "govuk-error-summary" in response.text
    assert state() == before


def test_invite_form_explains_missing_fields(staff_client, centre):
    client, _head = staff_client(Role.HEAD)

    response = client.post(url("staff_add", centre), {"email": "not-an-email"})

    assert response.context["form"].errors == {
        "email": ["Введіть електронну пошту у форматі name@example.com."],
        "role": ["Оберіть роль."],
    }


# Each page as (HTTP method, how to build its address from the centre and a membership there).
PAGES = [
    pytest.param("get", lambda c, m: url("staff_list", c), id="list"),
    pytest.param("get", lambda c, m: url("staff_add", c), id="add-form"),
    pytest.param("post", lambda c, m: url("staff_add", c), id="add"),
    pytest.param("get", lambda c, m: url("staff_edit", c, m.pk), id="edit-form"),
    pytest.param("post", lambda c, m: url("staff_edit", c, m.pk), id="edit"),
]


@pytest.mark.parametrize("role", NOT_HEADS)
@pytest.mark.parametrize(("method", "page"), PAGES)
def test_member_without_staff_management_gets_403_and_nothing_changes(
    staff_client, centre, role, method, page
):
    client, _member = staff_client(role)
    head = MembershipFactory(centre=centre, role=Role.HEAD)
    data = {**INVITE, "action": "deactivate"}
    before = state()

    response = getattr(client, method)(page(centre, head), data)

    assert response.status_code == 403
    assert state() == before
    assert mail.outbox == []


@pytest.mark.parametrize(("method", "page"), PAGES)
def test_head_of_another_centre_gets_404_and_nothing_changes(
    staff_client, centre, other_centre, method, page
):
    client, _foreign_head = staff_client(Role.HEAD, for_centre=other_centre)
    member = MembershipFactory(centre=centre, role=Role.ANALYST)
    data = {**INVITE, "action": "role", "role": Role.HEAD}
    before = state()

    response = getattr(client, method)(page(centre, member), data)

    assert response.status_code == 404
    assert state() == before
    assert mail.outbox == []


def test_head_cannot_open_a_member_of_another_centre_through_their_own(
    staff_client, centre, other_centre
):
    client, _head = staff_client(Role.HEAD)
    foreign = MembershipFactory(centre=other_centre, role=Role.ANALYST)
    before = state()

    response = client.post(
        url("staff_edit", centre, foreign.pk), {"action": "role", "role": Role.HEAD}
    )

    assert response.status_code == 404
    assert state() == before


def test_head_changes_a_members_role(staff_client, centre):
    client, head = staff_client(Role.HEAD)
    member = MembershipFactory(centre=centre, role=Role.ANALYST)

    response = client.post(
        url("staff_edit", centre, member.pk),
        {"action": "role", "role": Role.COMMUNICATIONS},
        follow=True,
    )

    member.refresh_from_db()
    assert member.role == Role.COMMUNICATIONS
    assert "тепер має роль «Фахівець з комунікацій»." in response.text
    event = AuditEvent.objects.get(object_type="accounts.membership")
    assert (event.actor_id, event.centre_id, event.action, event.changes) == (
        head.user.pk,
        centre.pk,
        AuditAction.UPDATE,
        {"role": ["analyst", "communications"]},
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            {"action": "role", "role": Role.ADMINISTRATOR},
            "Ви — єдиний діючий керівник",
            id="demote",
        ),
        pytest.param({"action": "deactivate"}, "Ви — єдиний діючий керівник", id="deactivate"),
    ],
)
def test_last_head_cannot_demote_or_switch_off_themself(staff_client, centre, data, message):
    client, head = staff_client(Role.HEAD)
    MembershipFactory(centre=centre, role=Role.HEAD, is_active=False)
    before = state()

    response = client.post(url("staff_edit", centre, head.pk), data)

    assert response.status_code == 200
    assert message in response.text
    assert "govuk-error-summary" in response.text
    assert state() == before


def test_head_may_step_down_when_another_head_remains(staff_client, centre):
    client, head = staff_client(Role.HEAD)
    MembershipFactory(centre=centre, role=Role.HEAD)

    response = client.post(
        url("staff_edit", centre, head.pk), {"action": "role", "role": Role.ADMINISTRATOR}
    )

    head.refresh_from_db()
    assert head.role == Role.ADMINISTRATOR
    assert response.url == reverse("backoffice:choose_centre")
    assert client.get(url("staff_list", centre)).status_code == 403


def test_head_switches_access_off_and_on(staff_client, centre):
    client, _head = staff_client(Role.HEAD)
    member = MembershipFactory(centre=centre, role=Role.ANALYST)
    member_client = Client()
    sign_in_verified(member_client, member.user)
    home = reverse("backoffice:home", args=[centre.slug])

    off = client.post(url("staff_edit", centre, member.pk), {"action": "deactivate"}, follow=True)
    home_while_off = member_client.get(home)
    on = client.post(url("staff_edit", centre, member.pk), {"action": "reactivate"}, follow=True)

    assert "вимкнено" in off.text
    assert home_while_off.status_code == 404
    assert "відновлено" in on.text
    assert member_client.get(home).status_code == 200
    assert list(AuditEvent.objects.order_by("pk").values_list("changes", flat=True)) == [
        {"is_active": [True, False]},
        {"is_active": [False, True]},
    ]


def test_unknown_action_is_a_bad_request(staff_client, centre):
    client, head = staff_client(Role.HEAD)

    response = client.post(url("staff_edit", centre, head.pk), {"action": "delete"})

    assert response.status_code == 400


def test_platform_administrator_manages_staff_of_any_centre(centre):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    sign_in_verified(client, admin)

    response = client.get(url("staff_list", centre))

    assert response.status_code == 200


def test_opening_a_colleagues_page_is_logged_as_a_view(staff_client, centre):
    client, head = staff_client(Role.HEAD)
    member = MembershipFactory(centre=centre, role=Role.ANALYST)

    response = client.get(url("staff_edit", centre, member.pk))

    event = AuditEvent.objects.get(object_type="accounts.membership")
    assert response.status_code == 200
    assert (event.actor_id, event.centre_id, event.action, event.object_id) == (
        head.user.pk,
        centre.pk,
        AuditAction.VIEW,
        str(member.pk),
    )
