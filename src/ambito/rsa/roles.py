"""The permissions each seeded role starts with in this app (merged by core/roles.py)."""

_READ_CONFIG = ["rsa.view_structure", "rsa.view_scoresheet", "rsa.view_feerule"]

DEFAULTS: dict[str, list[str]] = {
    # The Ufficio di Piano runs "Gestione Accessi e Liste di attesa RSA" (seed 003 §G.1).
    "planner": [
        *_READ_CONFIG,
        "rsa.manage_rsa",
        "rsa.view_zone_rsa",
        "rsa.view_application",
        "rsa.add_application",
        "rsa.view_offer",
        "rsa.view_admission",
        "rsa.view_rankingrow",
    ],
    # Applications for the persons of the cases they see.
    "social_worker": [*_READ_CONFIG, "rsa.view_application", "rsa.add_application"],
    "coordinator": [*_READ_CONFIG, "rsa.view_application", "rsa.add_application"],
    # An RSA managing body: its structures' published ranking, offers and admissions
    # (organisation_party: an operator of another body or of no RSA sees nothing).
    "third_sector": [
        "rsa.view_structure",
        "rsa.view_rankingrow",
        "rsa.view_offer",
        "rsa.view_admission",
        "rsa.record_admission",
    ],
}
