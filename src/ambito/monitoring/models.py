"""The monitoring app stores nothing: every figure is computed from the records. This model
only carries the permissions (no table)."""

from django.db import models


class Monitoring(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_zone_reports", "Vede indicatori e report di tutto l'ambito"),
            ("view_municipality_reports", "Vede indicatori e report dei propri comuni"),
            ("export_pseudonymised", "Esporta i dati pseudonimizzati per la statistica"),
        ]

    def __str__(self) -> str:
        return "Monitoraggio"
