"""Settings an admin changes in the app or with `python -m kompetanse settings`, kept in the database."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from kompetanse.access.roles import User, require_admin
from kompetanse.errors import KompetanseError
from kompetanse.i18n import LANGUAGE_NAMES, N_, _, language_code
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database, open_database


@dataclass(frozen=True)
class Settings:
    view_requires_login: bool = False  # False: anyone who reaches the app may read
    min_persons: int = 5  # counts of persons below this are hidden
    min_denominator: int = 10  # shares whose denominator is below this are hidden
    backups_kept: int = 10  # backups before imports and restores that are kept
    tifaktor_min_respondents: int = 5  # 10-FAKTOR results with fewer answers are hidden (the survey's limit)
    default_language: str = "nb"  # the installation's målform ('nb' or 'nn') where nothing else decides


# In bokmål, translated where they are shown (_(LABELS[key])); a setting may be named by either.
LABELS = {
    "view_requires_login": N_("Lesing krever innlogging"),
    "min_persons": N_("Skjul antall personer under"),
    "min_denominator": N_("Skjul andeler med nevner under"),
    "backups_kept": N_("Antall sikkerhetskopier som beholdes"),
    "tifaktor_min_respondents": N_("Skjul 10-FAKTOR-resultater med færre svar enn"),
    "default_language": N_("Standard målform"),
}
LIMITS = {
    "min_persons": (1, 100),
    "min_denominator": (1, 1000),
    "backups_kept": (1, 1000),
    "tifaktor_min_respondents": (1, 100),
}
_TRUE = {"true", "1", "ja", "on", "yes"}
_FALSE = {"false", "0", "nei", "off", "no"}


def _parse(key: str, text: str) -> bool | int | str:
    text = str(text).strip().lower()
    if key == "default_language":
        language = language_code(text)
        if language is None:
            first, last = (f"{code} ({name})" for code, name in LANGUAGE_NAMES.items())
            names = _("{first} eller {last}", first=first, last=last)
            raise KompetanseError(_("«{setting}» må være {names}.", setting=_(LABELS[key]), names=names))
        return language
    if key == "view_requires_login":
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise KompetanseError(_("«{setting}» må være ja eller nei.", setting=_(LABELS[key])))
    low, high = LIMITS[key]
    if not text.isdigit() or not low <= int(text) <= high:
        raise KompetanseError(
            _(
                "«{setting}» må være et heltall fra {low} til {high}.",
                setting=_(LABELS[key]),
                low=low,
                high=high,
            )
        )
    return int(text)


@per_version(reveal=False)
def read_settings(database: Database) -> Settings:
    """The settings in the database, with the defaults for any not set."""
    stored = dict(database.query("settings").iter_rows())
    known = {f.name for f in fields(Settings)}
    return Settings(**{key: _parse(key, value) for key, value in stored.items() if key in known})


def setting_key(text: str) -> str:
    """A key by its name or its Norwegian label (bokmål or nynorsk)."""
    wanted = text.strip().lower().replace("-", "_")
    for key, label in LABELS.items():
        if wanted in (key, label.lower(), _(label).lower()):
            return key
    raise KompetanseError(
        _("Ukjent innstilling «{setting}». Kjente: {known}.", setting=text, known=", ".join(LABELS))
    )


def change_setting(database: Database, key: str, value: object, by: User | None) -> Settings:
    """Set one setting (admin only); returns the settings as they are now."""
    return change_settings(database, {key: value}, by)


def change_settings(database: Database, changes: dict[str, object], by: User | None) -> Settings:
    """Set several settings in one write (admin only); every value is checked before anything is written."""
    user = require_admin(by, N_("endre innstillinger"))
    texts = {}
    for key, value in changes.items():
        key = setting_key(key)
        parsed = _parse(key, "true" if value is True else "false" if value is False else str(value))
        texts[key] = str(parsed).lower() if isinstance(parsed, bool) else str(parsed)
    detail = ", ".join(f"{key} = {text}" for key, text in texts.items())
    at = datetime.now().replace(microsecond=0)
    with database.writing(by=user, action="innstilling", detail=detail) as writer:
        for key, text in texts.items():
            writer.run("upsert_setting", key=key, value=text, by=user.log_name, at=at)
    written = open_database(database.path)
    try:
        return read_settings(written)
    finally:
        written.close()
