"""The personalised project: versions, the PDF to sign, the signed scan; case documents."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ambito.cases import services
from ambito.cases.models import CaseDocument, Project

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def version(case, worker, *texts):
    return services.project_new_version(
        actor=worker,
        case=case,
        summary="Percorso di autonomia",
        objectives=[{"text": t, "indicator": "sì/no", "deadline": None} for t in texts],
        commitments=[{"who": "La madre", "text": "Frequentare il corso di italiano"}],
    )


def test_a_changed_project_is_a_new_version_and_the_old_stays(social_project_case, social_worker_a):
    first = version(social_project_case, social_worker_a, "Trovare lavoro")
    second = version(social_project_case, social_worker_a, "Trovare lavoro", "Iscrivere i figli")
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert [o.text for o in first.objectives.all()] == ["Trovare lavoro"]
    assert second.objectives.count() == 2


def test_a_project_without_objectives_is_refused(social_project_case, social_worker_a):
    with pytest.raises(ValidationError) as exc:
        version(social_project_case, social_worker_a, "  ")
    assert exc.value.message_dict["objectives"] == [
        "Un progetto senza obiettivi non si può registrare."
    ]
    assert not Project.objects.exists()


def test_signing_the_latest_version_with_its_scan(social_project_case, social_worker_a):
    first = version(social_project_case, social_worker_a, "Trovare lavoro")
    scan = SimpleUploadedFile("firmato.pdf", PDF, content_type="application/pdf")
    services.project_sign(
        actor=social_worker_a, project=first, signed_on=timezone.localdate(), scan=scan
    )
    first.refresh_from_db()
    assert first.signed_on == timezone.localdate() and first.signed_scan.name.endswith(".pdf")
    assert "firmato" not in first.signed_scan.name  # a random name, nothing personal
    with pytest.raises(ValidationError, match="già firmata"):
        services.project_sign(
            actor=social_worker_a, project=first, signed_on=timezone.localdate(), scan=scan
        )


def test_a_scan_of_the_wrong_type_or_too_large_is_refused(social_project_case, social_worker_a):
    first = version(social_project_case, social_worker_a, "Trovare lavoro")
    exe = SimpleUploadedFile("firmato.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="Tipo di file non ammesso"):
        services.project_sign(
            actor=social_worker_a, project=first, signed_on=timezone.localdate(), scan=exe
        )
    big = SimpleUploadedFile(
        "grande.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    with pytest.raises(ValidationError, match="troppo grande"):
        services.project_sign(
            actor=social_worker_a, project=first, signed_on=timezone.localdate(), scan=big
        )
    future = SimpleUploadedFile("f.pdf", PDF)
    with pytest.raises(ValidationError, match="futuro"):
        services.project_sign(
            actor=social_worker_a,
            project=first,
            signed_on=timezone.localdate() + timedelta(days=1),
            scan=future,
        )
    first.refresh_from_db()
    assert first.signed_on is None and not first.signed_scan


def test_the_pages_pdf_and_downloads(client, social_project_case, social_worker_a, social_worker_b):
    client.force_login(social_worker_a)
    url = f"/cartelle/{social_project_case.uuid}/progetto/"
    html = client.post(url, {"summary": "", "objective_1": ""}).content.decode()
    assert "Un progetto senza obiettivi" in html
    response = client.post(
        url,
        {
            "objective_1": "Trovare lavoro",
            "indicator_1": "contratto",
            "who_1": "La madre",
            "pledge_1": "Presentarsi al CPI",
        },
    )
    assert response.status_code == 302
    pdf = client.get(f"{url}1/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    client.post(
        f"{url}1/firma/",
        {"signed_on": timezone.localdate().isoformat(), "scan": SimpleUploadedFile("s.pdf", PDF)},
    )
    scan = client.get(f"{url}1/firmato/")
    assert scan.status_code == 200 and b"".join(scan.streaming_content) == PDF
    html = client.get(f"/cartelle/{social_project_case.uuid}/").content.decode()
    assert "firmata il" in html
    client.force_login(social_worker_b)
    assert client.get(f"{url}1/pdf/").status_code == 404
    assert client.get(f"{url}1/firmato/").status_code == 404


def test_documents_are_checked_stored_and_served_to_the_team_only(
    client, assigned_case, social_worker_a, social_worker_b
):
    client.force_login(social_worker_a)
    url = f"/cartelle/{assigned_case.uuid}/documenti/"
    response = client.post(
        url,
        {
            "documento-kind": "isee",
            "documento-dated": timezone.localdate().isoformat(),
            "documento-title": "ISEE 2026",
            "documento-file": SimpleUploadedFile("isee.exe", b"MZ\x90\x00"),
        },
        follow=True,
    )
    assert "Tipo di file non ammesso" in response.content.decode()
    assert not CaseDocument.objects.exists()
    client.post(
        url,
        {
            "documento-kind": "isee",
            "documento-dated": timezone.localdate().isoformat(),
            "documento-title": "ISEE 2026",
            "documento-file": SimpleUploadedFile("isee.pdf", PDF),
        },
    )
    document = CaseDocument.objects.get()
    assert document.content_type == "application/pdf" and document.size == len(PDF)
    assert client.get(f"{url}{document.uuid}/").status_code == 200
    client.force_login(social_worker_b)
    assert client.get(f"{url}{document.uuid}/").status_code == 404


def test_a_pdf_that_is_also_an_html_page_is_refused_and_files_get_a_name_of_ours(
    client, assigned_case, social_worker_a
):
    client.force_login(social_worker_a)
    url = f"/cartelle/{assigned_case.uuid}/documenti/"

    def upload(name, content):
        return client.post(
            url,
            {
                "documento-kind": "isee",
                "documento-dated": timezone.localdate().isoformat(),
                "documento-title": "ISEE 2026",
                "documento-file": SimpleUploadedFile(name, content),
            },
            follow=True,
        )

    polyglot = b"%PDF-1.4\n<html><script>alert(1)</script></html>"
    assert "contiene codice HTML" in upload("isee.pdf", polyglot).content.decode()
    assert not CaseDocument.objects.exists()

    upload("Rossi Mario ISEE", PDF)  # no extension, a name that carries personal data
    document = CaseDocument.objects.get()
    assert document.file.name.endswith(".pdf") and "Rossi" not in document.file.name
    download = client.get(f"{url}{document.uuid}/")
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert f'documento-{document.uuid}.pdf"' in download["Content-Disposition"]
