"""The fields of activity of general interest of art. 5 D.Lgs. 117/2017 (Codice del Terzo
settore), abridged, as configuration seeded after every migrate (add-only: an
administrator's edits stay)."""

ACTIVITY_FIELDS = [
    ("a", "Interventi e servizi sociali"),
    ("b", "Interventi e prestazioni sanitarie"),
    ("c", "Prestazioni socio-sanitarie"),
    ("d", "Educazione, istruzione e formazione professionale"),
    ("e", "Tutela dell'ambiente"),
    ("i", "Attività culturali, artistiche e ricreative di interesse sociale"),
    ("l", "Formazione extrascolastica e contrasto alla povertà educativa"),
    ("p", "Inserimento lavorativo di persone svantaggiate"),
    ("q", "Alloggio sociale e housing sociale"),
    ("r", "Accoglienza umanitaria e integrazione sociale dei migranti"),
    ("s", "Agricoltura sociale"),
    ("t", "Attività sportive dilettantistiche"),
    ("u", "Beneficenza, sostegno a distanza, cessione di alimenti e beni"),
    ("v", "Promozione della cultura della legalità e della pace"),
    ("w", "Promozione e tutela dei diritti umani, civili, sociali e politici"),
    ("y", "Protezione civile"),
    ("z", "Riqualificazione di beni pubblici inutilizzati o confiscati"),
]


def activity_fields_sync() -> None:
    from .models import ActivityField

    for position, (code, name) in enumerate(ACTIVITY_FIELDS):
        ActivityField.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )
