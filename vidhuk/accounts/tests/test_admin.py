"""The platform administrators' admin pages for accounts and memberships open and search."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import sign_in_verified
from vidhuk.accounts.choices import Role
from vidhuk.accounts.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        pytest.param("admin:accounts_user_changelist", {"q": "Коваленко"}, id="users"),
        pytest.param("admin:accounts_user_add", {}, id="add-user"),
        pytest.param("admin:accounts_membership_changelist", {"q": "Коваленко"}, id="memberships"),
    ],
)
def test_platform_administrator_opens_account_admin(centre, url_name, query):
    MembershipFactory(centre=centre, role=Role.HEAD, user__patronymic="Іванівна")
    client = Client()
    sign_in_verified(client, UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse(url_name), query)

    assert response.status_code == 200


def test_user_change_page_shows_the_patronymic(centre):
    member = MembershipFactory(centre=centre, role=Role.HEAD, user__patronymic="Іванівна")
    client = Client()
    sign_in_verified(client, UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse("admin:accounts_user_change", args=[member.user.pk]))

    assert 'name="patronymic"' in response.text
    assert 'value="Іванівна"' in response.text


def test_platform_admin_without_a_second_factor_is_sent_to_the_staff_sign_in(client, db):
    from vidhuk.accounts.tests.factories import UserFactory

    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)  # password only, no verified device

    response = client.get("/platform-admin/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/staff/login/")
    assert response.status_code == 200


def test_verified_platform_admin_reaches_the_admin(client, db):
    from vidhuk.accounts.tests.factories import UserFactory

    admin_user = UserFactory(is_staff=True, is_superuser=True)
    sign_in_verified(client, admin_user)

    assert client.get("/platform-admin/").status_code == 200
