"""PDFs of the pages people print and sign (WeasyPrint): one place that renders them.

Every printable document (the charter, a plan, the assembly's minutes, a care project, a
report, a social report to the court) is a Django template rendered to HTML and laid out by
WeasyPrint. WeasyPrint is imported at call time: it is slow to import and most requests never
print (the crawl's tests swap it for a fake)."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string

from .files import content_disposition


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(
    request, template: str, context: dict, filename: str, *, attachment: bool = False
) -> HttpResponse:
    """The template as a PDF download named `filename` (inline unless `attachment`)."""
    html = render_to_string(template, context, request=request)
    pdf = render_pdf(html, request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, attachment=attachment)
    return response
