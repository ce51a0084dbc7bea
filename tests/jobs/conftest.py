import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture
def coordinator(importer):
    return importer


def inps_file(municipality, persons, *, bad_rows: int = 0) -> SimpleUploadedFile:
    lines = ["Protocollo;Codice fiscale;Comune;Stato"]
    lines += [f"P{n};{p.fiscal_code};{municipality.name};Accolta" for n, p in enumerate(persons)]
    lines += [f"X{n};XXX;Atlantide;Forse" for n in range(bad_rows)]
    return SimpleUploadedFile("elenco.csv", ("\n".join(lines) + "\n").encode())


@pytest.fixture
def queued_import(client, coordinator, municipality_a, person_a, person_b):
    """An INPS list of two applications, previewed and confirmed: its job waits in the queue."""

    def queue(*, bad_rows: int = 0):
        client.force_login(coordinator)
        client.post(
            "/domande/importa/",
            {"measure": "ADI", "file": inps_file(municipality_a, [person_a], bad_rows=bad_rows)},
        )
        response = client.post("/domande/importa/", {"confirm": "1"})
        assert response.status_code == 302, response.content.decode()[:500]
        from ambito.jobs.models import Job

        return Job.objects.get(uuid=response.url.split("/")[2])

    return queue
