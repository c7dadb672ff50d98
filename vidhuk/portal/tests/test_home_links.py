"""The centre's home page leads to booking, and to survey results only when the centre
publishes them."""

from vidhuk.surveys.services import questionnaire_install_defaults


def test_home_offers_booking_and_the_survey(client, centre):
    questionnaire_install_defaults(centre=centre, actor=None)

    page = client.get(f"/{centre.slug}/").content.decode()

    assert f'href="/{centre.slug}/booking/"' in page
    assert f'href="/{centre.slug}/survey/visitor-survey/"' in page
    assert "/results/" not in page


def test_home_links_the_results_the_centre_publishes(client, centre):
    (visitors, *_rest) = (
        q
        for q in questionnaire_install_defaults(centre=centre, actor=None)
        if q.slug == "visitor-survey"
    )
    visitors.results_public = True
    visitors.save()

    page = client.get(f"/{centre.slug}/").content.decode()

    assert f'href="/{centre.slug}/survey/visitor-survey/results/"' in page
    assert client.get(f"/{centre.slug}/survey/visitor-survey/results/").status_code == 200
