"""Search: a municipality, region, indicator or a word from the project entries, forgiving typos and æøå.

The index is a small list of entries (about 500) built once per database version; a query scores
every entry with plain string similarity on slugs ('Øksnes' -> 'oksnes'), so "lodingen", "oksnes"
and "bo i vesteralen" find what people mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from kompetanse.i18n import N_, _
from kompetanse.indicators.comparison import catalogue
from kompetanse.rules.names import slugify
from kompetanse.store.cache import per_version
from kompetanse.store.db import Database
from kompetanse.views.future_data import projection_info

STOPWORDS = {"i", "kommune", "kommunen", "og", "pa", "for", "av", "region", "regionen"}
MIN_SCORE = 0.72
MAX_RESULTS = 10
MAX_QUERY_CHARS = 100  # every word is compared with every entry: a pasted page would take minutes
KIND_WEIGHT = {"kommune": 1.0, "region": 0.98, "side": 0.97, "indikator": 0.97, "tiltak": 0.9, "plan": 0.9}
BODY_KINDS = {"tiltak", "plan"}  # long texts: whole words and prefixes only
FUTURE_PAGE = "pages/framtidig_behov.py"
FUTURE_WORDS = ("framtidig behov", "framskriving", "befolkningsframskriving", "fremtidig behov")
SCROLL_PARAM = "til"  # ?til=indikator: the page scrolls to that section once
INDICATOR_SECTION = "indikator"
ENTRY_PARAM = "oppforing"  # ?oppforing=ID: Tiltak og resultater shows that entry
REGION_KINDS = {"nettverk": N_("nettverk"), "kostragruppe": N_("KOSTRA-gruppe")}
OTHER_REGION = N_("region")  # every other kind


@dataclass(frozen=True)
class Entry:
    kind: str  # 'kommune' | 'region' | 'side' | 'indikator' | 'tiltak' | 'plan'
    label: str  # what the result list shows
    page: str  # page file the result links to
    params: tuple[tuple[str, str], ...]  # query parameters of the link
    keys: tuple[str, ...]  # slugs to match against, words separated by spaces
    context: tuple[str, ...] = ()  # extra words that only add to a match (the region of a municipality)


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float


def _words(text: str) -> str:
    return " ".join(word for word in slugify(text).split("-") if word)


@per_version(reveal=False)
def build_index(database: Database) -> list[Entry]:
    """Every municipality, region, indicator and project entry, as search entries (labelled in the
    run's language; the index is cached per language)."""
    entries = []
    for row in database.query("municipalities").iter_rows(named=True):
        county = row["county_name"].split(" - ")[0]
        entries.append(
            Entry(
                "kommune",
                _(
                    "{name} kommune ({region}, {county})",
                    name=row["name"],
                    region=row["economic_region_name"],
                    county=county,
                ),
                "pages/kommuneprofil.py",
                (("kommune", row["kommunenummer"]),),
                (_words(row["name"]), _words(row["official_name"]), row["kommunenummer"]),
                tuple(_words(row["economic_region_name"]).split()) + tuple(_words(county).split()),
            )
        )
    for row in database.query("regions").iter_rows(named=True):
        kind = _(REGION_KINDS.get(row["kind"], OTHER_REGION))
        entries.append(
            Entry(
                "region",
                _(
                    "{name} ({kind}, {count} kommuner)",
                    name=row["name"],
                    kind=kind,
                    count=row["member_count"],
                ),
                "pages/oversikt.py",
                (("region", row["name"]),),
                (_words(row["name"]),),
            )
        )
    theme_pages = {
        "kompetanse": "kompetansegap",
        "lederutvikling": "lederutvikling",
        "rekruttering": "rekruttering",
        "tifaktor": "tifaktor",
    }
    bokmal = dict(database.query("indicator_catalogue").select("indicator_id", "name").iter_rows())
    for row in catalogue(database).iter_rows(named=True):  # the names in the run's language
        page = theme_pages.get(row["theme_id"], "om_dataene")
        name, theme = (_(text) for text in (row["name"], row["theme_name"]))  # catalogue texts
        keys = (_words(row["name"]), _words(row["indicator_id"].replace("_", " ")))
        if bokmal[row["indicator_id"]] != row["name"]:  # a nynorsk reader may still search in bokmål
            keys += (_words(bokmal[row["indicator_id"]]),)
        if row["theme_id"] == "tifaktor":  # '10-faktor' and 'medarbeiderundersøkelse' find the ten factors
            keys += (_words(row["theme_name"]), "medarbeiderundersokelse")
        entries.append(
            Entry(
                "indikator",
                f"{name} ({theme})",
                f"pages/{page}.py",
                # SCROLL_PARAM: the page opens scrolled to the indicator, not at its top.
                (("indikator", row["indicator_id"]), (SCROLL_PARAM, INDICATOR_SECTION)),
                keys,
            )
        )
    for row in database.query("plan_search_words").iter_rows(named=True):  # issue 18: competence plans
        label = _(
            "Kompetanseplaner: {name} ({year}, {count} registrert)",
            name=row["municipality_name"],
            year=row["year"],
            count=row["n_records"],
        )
        words = f"kompetanseplan kompetanseplaner {row['municipality_name']} {row['body']}"
        params = (("region", row["region_name"]), ("planaar", str(row["year"])))
        entries.append(Entry("plan", label, "pages/kompetanseplaner.py", params, (_words(words),)))
    entries += future_entries(database)
    for row in database.query("project_search_words").iter_rows(named=True):
        # Tiltak og resultater in the entry's region, showing that entry.
        region = (("region", row["region_name"]),) if row["region_name"] else ()
        params = (*region, (ENTRY_PARAM, row["entry_id"]))
        entries.append(
            Entry(
                "tiltak",
                _("Tiltak: {title}", title=row["title"]),
                "pages/tiltak.py",
                params,
                (_words(row["title"]), _words(row["body"])),
            )
        )
    return entries


def future_entries(database: Database) -> list[Entry]:
    """Framtidig behov, and the page at every fifth year ("behov 2035", "framskriving 2040")."""
    info = projection_info(database)
    if info is None:
        return []
    entries = [
        Entry(
            "side",
            _("Framtidig behov (framskriving av årsverk i barnehage og omsorg)"),
            FUTURE_PAGE,
            (),
            tuple(_words(word) for word in FUTURE_WORDS),
        )
    ]
    for year in (year for year in info.later if year % 5 == 0 or year == info.later[-1]):
        entries.append(
            Entry(
                "side",
                _("Framtidig behov innen {year}", year=year),
                FUTURE_PAGE,
                (("horisont", str(year)),),
                (f"behov {year}", f"framtidig behov {year}", f"framskriving {year}", f"behov innen {year}"),
            )
        )
    return entries


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def _word_score(word: str, words) -> float:
    """How well one query word matches the best of some words (a prefix of 4+ letters counts)."""
    best = 0.0
    for candidate in words:
        if candidate == word:
            return 1.0
        if len(word) >= 4 and candidate.startswith(word):
            best = max(best, 0.95)
        elif abs(len(candidate) - len(word)) <= 3 and candidate[:1] == word[:1]:
            # Typos rarely hit the first letter; checking it first keeps a search well under 50 ms.
            floor = max(best, MIN_SCORE)
            matcher = SequenceMatcher(None, word, candidate)
            if matcher.real_quick_ratio() > floor and matcher.quick_ratio() > floor:
                best = max(best, matcher.ratio())
    return best


def _body_score(word: str, words: frozenset[str]) -> float:
    """Project texts are long: only whole words and prefixes count there, no typo tolerance."""
    if word in words:
        return 1.0
    if len(word) >= 4 and any(candidate.startswith(word) for candidate in words):
        return 0.95
    return 0.0


def score(entry: Entry, query_words: list[str]) -> float:
    """0..1: every query word must match the entry's words (or its context, like the region)."""
    if not query_words:
        return 0.0
    phrase = " ".join(query_words)
    best = 0.0
    for key in entry.keys:
        if phrase == key:
            return KIND_WEIGHT[entry.kind]
        key_words = key.split()
        if entry.kind in BODY_KINDS:
            vocabulary = frozenset(key_words)
            best = max(best, min(_body_score(word, vocabulary) for word in query_words) * 0.9)
            continue
        whole = _similar(phrase, key) if abs(len(phrase) - len(key)) <= 4 and phrase[:1] == key[:1] else 0.0
        word_scores = [
            max(_word_score(word, key_words), _word_score(word, list(entry.context)) * 0.9)
            for word in query_words
        ]
        own = max(_word_score(word, key_words) for word in query_words)
        best = max(best, whole, min(word_scores) * (0.6 + 0.4 * own))
    return best * KIND_WEIGHT[entry.kind]


def search(index: list[Entry], query: str, limit: int = MAX_RESULTS) -> list[Hit]:
    """Ranked hits for a query; empty when nothing is close enough."""
    query = query[:MAX_QUERY_CHARS]
    words = [word for word in _words(query).split() if word not in STOPWORDS] or _words(query).split()
    hits = [Hit(entry, score(entry, words)) for entry in index]
    hits = [hit for hit in hits if hit.score >= MIN_SCORE]
    return sorted(hits, key=lambda hit: (-hit.score, hit.entry.label))[:limit]
