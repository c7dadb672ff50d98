"""The staff e-mail signature from the staff directory (issue 13, point 5): HTML and plain text
with the member's name and role and the centre's name, address and phone."""

import pytest

from vidhuk.accounts.choices import Role

pytestmark = pytest.mark.django_db


def test_the_signature_page_gives_html_and_text_from_the_directory(staff_client, centre):
    client, membership = staff_client(Role.COMMUNICATIONS)
    membership.user.first_name, membership.user.last_name = "Олена", "Петренко"
    membership.user.save()
    centre.phones = "+380 34 123 45 67, +380 50 000 00 00"
    centre.save()

    response = client.get("/staff/verbivka/communications/signature/")

    html = response.content.decode()
    text = response.context["signature"].text
    assert response.status_code == 200
    assert text.splitlines() == [
        "--",
        "Олена Петренко",
        membership.get_role_display(),
        centre.name,
        centre.address,
        "+380 34 123 45 67",
        membership.user.email,
    ]
    assert "&lt;strong&gt;Олена Петренко&lt;/strong&gt;" in html  # the HTML to copy
    assert "<strong>Олена Петренко</strong>" in html  # and how it looks
