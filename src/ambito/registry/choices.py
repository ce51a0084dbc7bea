from django.db import models


class Sex(models.TextChoices):
    FEMALE = "F", "Femmina"
    MALE = "M", "Maschio"


class LegalBasis(models.TextChoices):
    """GDPR bases for processing special-category data in social services."""

    PUBLIC_INTEREST = "art9_2_g", "Art. 9.2.g GDPR - interesse pubblico rilevante"
    SOCIAL_CARE = "art9_2_h", "Art. 9.2.h GDPR - assistenza sociale e sanitaria"
    VITAL_INTEREST = "art9_2_c", "Art. 9.2.c GDPR - interesse vitale"
    CONSENT = "art9_2_a", "Art. 9.2.a GDPR - consenso esplicito"


class Relationship(models.TextChoices):
    """Relationship to the household's reference person, as in the ISEE form."""

    HEAD = "head", "Intestatario / persona di riferimento"
    PARTNER = "partner", "Coniuge / convivente"
    CHILD = "child", "Figlio/a"
    PARENT = "parent", "Genitore"
    SIBLING = "sibling", "Fratello / sorella"
    GRANDCHILD = "grandchild", "Nipote"
    GRANDPARENT = "grandparent", "Nonno/a"
    IN_LAW = "in_law", "Affine"
    OTHER_RELATIVE = "relative", "Altro parente"
    NON_RELATIVE = "other", "Altro convivente"


class IseeKind(models.TextChoices):
    ORDINARY = "ordinario", "ISEE ordinario"
    MINORS = "minorenni", "ISEE minorenni"
    SOCIO_HEALTH = "sociosanitario", "ISEE socio-sanitario"
    UNIVERSITY = "universitario", "ISEE universitario"
    CURRENT = "corrente", "ISEE corrente"
