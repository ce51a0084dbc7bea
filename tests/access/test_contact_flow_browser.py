"""The front desk records a contact with the keyboard; a citizen's web request reaches the
callback queue."""

from datetime import date

import pytest
from playwright.sync_api import expect

from ambito.access.models import Contact
from ambito.catalog.models import NeedArea, Service
from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD
from tests.factories import AccessPointFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def tick(page, label: str) -> None:
    """A need area ticked by keyboard (Bootstrap Italia's label covers the box itself)."""
    box = page.get_by_label(label)
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()


def test_an_operator_records_a_contact_by_keyboard_and_a_citizen_request_is_queued(
    page, browser, live_server, front_office, zone_a, municipality_a
):
    point = AccessPointFactory(zone=zone_a, municipality=municipality_a, name="Segretariato")
    person = PersonFactory(
        residence_municipality=municipality_a,
        last_name="Lombardi",
        first_name="Giulia",
        sex="F",
        birth_date=date(1988, 3, 14),
    )
    service = Service.objects.create(
        zone=zone_a,
        slug="assistenza-domiciliare",
        name="Assistenza domiciliare",
        short_description="Aiuto a casa.",
        status="published",
    )
    service.need_areas.add(NeedArea.objects.get(code="elderly"))
    Service.objects.create(  # for the young: the helper lists it among the excluded
        zone=zone_a,
        slug="centro-giovani",
        name="Centro giovani",
        short_description="Attività per ragazzi.",
        max_age=25,
        status="published",
    )

    login(page, live_server, front_office.username, PASSWORD)
    page.goto(f"{live_server.url}/accessi/nuovo/")
    assert focused_id(page) == "id_access_point"  # autofocus on the first field
    assert_accessible(page)

    page.keyboard.press("ArrowDown")  # the first access point
    assert page.locator("#id_access_point").input_value() == str(point.pk)

    page.locator("#id_q").focus()
    page.keyboard.type("lomb")
    choice = page.get_by_label("Lombardi Giulia", exact=False)
    choice.wait_for()
    page.keyboard.press("Tab")  # the "Cerca" button
    page.keyboard.press("Tab")  # the radio group, none checked: its first radio
    assert focused_id(page) == "persona-anonima"
    assert not page.locator("#persona-anonima").is_checked()
    page.keyboard.press("ArrowDown")
    assert choice.is_checked()

    page.get_by_label("Anziani").focus()
    page.keyboard.press("Space")
    # The orientation helper lists what fits the person chosen and the need ticked.
    refer = page.get_by_role("button", name="Orienta verso questo servizio: Assistenza domiciliare")

    page.get_by_text("area di bisogno: anziani").wait_for()  # updated for the need ticked
    assert "Centro giovani" in page.get_by_test_id("excluded-services").text_content()
    # Read politely: a summary, not the whole list.
    status = page.get_by_test_id("suggestions-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == "Servizi suggeriti aggiornati: 1 servizio adatto, 1 escluso."
    assert_accessible(page)
    refer.focus()
    page.keyboard.press("Enter")  # sets the referral in place, does not submit the form
    # The script moves the focus: wait for it (a loaded machine runs it a moment later).
    expect(page.locator("#id_referral_service")).to_be_focused()
    assert page.url.endswith("/accessi/nuovo/") and not Contact.objects.exists()
    expect(page.locator("#id_referral_service")).to_have_value(str(service.pk))
    assert page.locator("#id_referral_kind").input_value() == "service"
    assert page.locator("#id_outcome").input_value() == "referral"
    assert "Assistenza domiciliare" in page.locator("#orientamento-stato").inner_text()
    page.locator("#id_request_text").focus()
    page.keyboard.type("Chiede aiuto a casa per la madre")
    page.locator("#id_minutes_spent").focus()
    page.keyboard.type("10")
    assert "lomb" not in page.url
    page.keyboard.press("Enter")

    page.wait_for_url(f"**/anagrafe/persone/{person.uuid}/")
    contacts = page.get_by_test_id("person-contacts")
    assert "Segretariato" in contacts.inner_text()
    assert "Assistenza domiciliare" in contacts.inner_text()
    assert "Anziani" in contacts.inner_text()
    assert Contact.objects.get().person == person

    # A citizen, without logging in, asks to be called back.
    citizen = browser.new_context(locale="it-IT", bypass_csp=True)
    public = citizen.new_page()
    public.goto(f"{live_server.url}/carta/{zone_a.code}/richiesta/")
    assert_accessible(public)
    public.get_by_label("Nome e cognome").fill("Carla Neri")
    public.get_by_label("Telefono o email").fill("333 7654321")
    public.get_by_label("Comune di residenza").select_option(label=municipality_a.name)
    public.get_by_label("Punto di accesso").select_option(label="Segretariato")
    public.get_by_label("La tua richiesta, in breve").fill("Informazioni sul trasporto sociale")
    consent = public.get_by_label("Ho letto l'informativa", exact=False)
    consent.focus()
    public.keyboard.press("Space")
    assert consent.is_checked()
    public.get_by_role("button", name="Invia la richiesta").click()
    public.wait_for_url("**/richiesta/inviata/")
    assert "Grazie" in public.get_by_role("heading", level=1).inner_text()
    assert_accessible(public)
    citizen.close()

    page.goto(f"{live_server.url}/accessi/da-richiamare/")
    item = page.get_by_test_id("callback-item")
    assert "Carla Neri" in item.inner_text()
    assert "Informazioni sul trasporto sociale" in item.inner_text()
    assert_accessible(page)


def test_an_operator_registers_a_new_person_with_the_contact(
    page, live_server, front_office, zone_a, municipality_a
):
    from ambito.core import fiscal_code
    from ambito.registry.models import Person

    AccessPointFactory(zone=zone_a, municipality=municipality_a, name="Segretariato")
    code = fiscal_code.encode(
        last_name="Galli",
        first_name="Marta",
        sex="F",
        birth_date=date(1979, 4, 2),
        birth_place_code="G713",
    )
    login(page, live_server, front_office.username, PASSWORD)
    page.goto(f"{live_server.url}/accessi/nuovo/")
    page.keyboard.press("ArrowDown")  # the access point
    summary = page.get_by_text("Registra una nuova persona", exact=True)
    summary.focus()
    page.keyboard.press("Enter")  # opens the section
    inline = page.get_by_test_id("inline-person")
    inline.get_by_label("Codice fiscale").fill(code)
    inline.get_by_label("Cognome").fill("Galli")
    inline.get_by_label("Nome", exact=True).fill("Marta")
    inline.get_by_label("Comune di residenza").select_option(label=municipality_a.name)
    tick(page, "Anziani")
    assert_accessible(page)
    inline.get_by_label("Nome", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/anagrafe/persone/*/")
    person = Person.objects.get(fiscal_code=code)
    assert str(person.uuid) in page.url
    assert "Galli" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_test_id("person-contacts").inner_text().count("Segretariato") == 1


def test_an_operator_picks_the_registered_person_offered_instead_of_a_duplicate(
    page, live_server, front_office, zone_a, municipality_a
):
    AccessPointFactory(zone=zone_a, municipality=municipality_a, name="Segretariato")
    person = PersonFactory(residence_municipality=municipality_a, last_name="Conti")
    login(page, live_server, front_office.username, PASSWORD)
    page.goto(f"{live_server.url}/accessi/nuovo/")
    page.keyboard.press("ArrowDown")  # the access point
    page.get_by_text("Registra una nuova persona", exact=True).click()
    inline = page.get_by_test_id("inline-person")
    inline.get_by_label("Codice fiscale").fill(person.fiscal_code)
    inline.get_by_label("Cognome").fill(person.last_name)
    inline.get_by_label("Nome", exact=True).fill(person.first_name)
    inline.get_by_label("Comune di residenza").select_option(label=municipality_a.name)
    tick(page, "Anziani")
    inline.get_by_label("Nome", exact=True).press("Enter")

    page.get_by_test_id("inline-person-offered").wait_for()
    assert "già registrata" in inline.inner_text()
    assert_accessible(page)
    pick = page.get_by_role("button", name=f"Scegli questa persona: {person.last_name}")
    pick.focus()
    with page.expect_navigation():  # a submit button: the server marks the person chosen
        page.keyboard.press("Space")
    page.get_by_test_id("suggested-services").wait_for()  # the helper, for the person picked
    assert page.locator(f'input[name="person"][value="{person.uuid}"]').is_checked()
    assert page.get_by_test_id("inline-person").get_by_label("Codice fiscale").input_value() == ""
    assert page.get_by_label("Anziani").is_checked()  # kept through the pick
    page.locator("#id_minutes_spent").press("Enter")

    page.wait_for_url(f"**/anagrafe/persone/{person.uuid}/")
    assert Contact.objects.get().person == person


def test_a_second_enter_after_a_search_never_saves_an_empty_contact(
    page, live_server, front_office, zone_a, municipality_a
):
    AccessPointFactory(zone=zone_a, municipality=municipality_a, name="Segretariato")
    person = PersonFactory(residence_municipality=municipality_a, last_name="Lombardi")
    login(page, live_server, front_office.username, PASSWORD)
    page.goto(f"{live_server.url}/accessi/nuovo/")
    page.keyboard.press("ArrowDown")  # the access point
    search = page.locator("#id_q")
    search.fill("lomb")
    page.get_by_label("Lombardi", exact=False).wait_for()
    search.press("Enter")  # the results are already there: this is the save
    page.get_by_text("Scegli la persona tra quelle trovate", exact=False).wait_for()
    page.get_by_text("Indica almeno un'area di bisogno", exact=False).wait_for()
    assert not Contact.objects.exists()
    assert page.locator("#id_q").input_value() == "lomb"  # what was typed is kept
    assert_accessible(page)

    # The exact codice fiscale is chosen at once: one need area and Enter save it.
    search = page.locator("#id_q")
    search.fill(person.fiscal_code.lower())
    chosen = page.locator(f'input[name="person"][value="{person.uuid}"]')
    expect(chosen).to_be_checked()
    tick(page, "Anziani")
    search.press("Enter")
    page.wait_for_url(f"**/anagrafe/persone/{person.uuid}/")
    assert Contact.objects.get().person == person


def test_the_author_cancels_a_contact_of_today_by_keyboard(
    page, live_server, front_office, zone_a, municipality_a
):
    from ambito.access import services

    point = AccessPointFactory(zone=zone_a, municipality=municipality_a, name="Segretariato")
    contact = services.contact_record(
        actor=front_office,
        data={"access_point": point, "need_areas": [NeedArea.objects.get(code="elderly")]},
    )
    login(page, live_server, front_office.username, PASSWORD)
    page.goto(f"{live_server.url}/accessi/punto/{point.uuid}/")
    assert_accessible(page)
    page.get_by_role("link", name="Correggi", exact=False).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/accessi/{contact.uuid}/correggi/")
    assert page.get_by_label("Anziani").is_checked()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Annulla", exact=False).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/accessi/{contact.uuid}/annulla/")
    assert focused_id(page) == "id_reason"  # autofocus on the reason
    assert_accessible(page)
    page.keyboard.press("Enter")  # a textarea: a new line, nothing sent
    page.get_by_role("button", name="Annulla l'accesso").click()  # without a reason
    page.get_by_text("Scrivi il motivo dell'annullamento.").wait_for()
    page.get_by_label("Motivo dell'annullamento").fill("Registrato due volte")
    page.get_by_role("button", name="Annulla l'accesso").click()
    page.wait_for_url(f"**/accessi/punto/{point.uuid}/**")
    row = page.get_by_test_id("contact-row")
    assert "Annullato" in row.inner_text() and "Registrato due volte" in row.inner_text()
    assert page.get_by_role("link", name="Correggi", exact=False).count() == 0
    assert_accessible(page)
    contact.refresh_from_db()
    assert contact.is_cancelled
