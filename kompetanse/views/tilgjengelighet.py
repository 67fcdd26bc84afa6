"""The accessibility statement (tilgjengelighetserklæring) in the form Uu-tilsynet's uustatus.no uses:
how far the app meets the requirements, what the breaches mean for users, how to report a problem,
how to complain, what is not universally designed and why, and how it was tested.

What is claimed here is what tests/test_accessibility*.py and tests/test_contrast.py check; what
they do not check is said to be untested rather than met. The operator of an installation sets
who is responsible and how to reach them ($KOMPETANSE_UU_VIRKSOMHET, $KOMPETANSE_UU_KONTAKT) and
publishes the official statement on uustatus.no.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from kompetanse.i18n import N_, _

OWNER_ENV_VAR = "KOMPETANSE_UU_VIRKSOMHET"
CONTACT_ENV_VAR = "KOMPETANSE_UU_KONTAKT"
CHECKED = date(2026, 12, 1)  # when the tests below were last gone through by hand; change with them
STANDARD = N_("WCAG 2.1 nivå A og AA")
REQUIREMENTS = 47  # the success criteria of WCAG 2.1 A and AA that the Norwegian regulation requires


@dataclass(frozen=True)
class Breach:
    """One requirement (a WCAG success criterion) the app does not fully meet."""

    criterion: str
    content: str
    consequence: str
    reason: str


BREACHES = (
    Breach(
        N_("1.4.11 Kontrast for ikke-tekstlig innhold"),
        N_(
            "Fargene i kartet (lyseblå for lave verdier), og de andre kommunenes søyler i diagrammene over "
            "kompetansegap og lederprogrammer når én kommune er uthevet («Min kommune»), har mindre enn 3:1 "
            "kontrast mot hvit bakgrunn."
        ),
        N_("Brukere med nedsatt syn kan ha vanskelig for å skille de lyseste feltene fra bakgrunnen."),
        N_(
            "Fargeskalaen viser størrelse, og utheving skal tone ned de andre. Hvert felt i kartet har "
            "tallet skrevet under navnet, og tabellen ved siden av har alle tallene."
        ),
    ),
    Breach(
        N_("1.4.13 Pekerfølsomt innhold eller innhold ved tastaturfokus"),
        N_(
            "Verktøytipsene i diagrammene (tallet når du holder musepekeren over en søyle) forsvinner når "
            "pekeren flyttes mot dem. De kan lukkes med Esc."
        ),
        N_("Brukere med forstørrelse kan miste verktøytipset før de har lest det."),
        N_(
            "Verktøytipsene lages av diagrambiblioteket (Vega) i Streamlit, som vi ikke kan endre. De samme "
            "tallene står i tabellen og i diagrammets tekstalternativ."
        ),
    ),
    Breach(
        N_("1.4.11 Kontrast for ikke-tekstlig innhold (skjemafelt)"),
        N_(
            "Kanten rundt tekstfelt og nedtrekkslister er lys grå (Streamlits standard), under 3:1 mot "
            "bakgrunnen. Feltet med fokus får blå kant."
        ),
        N_("Brukere med nedsatt syn kan ha vanskelig for å se hvor et felt begynner og slutter."),
        N_(
            "Streamlit har ingen innstilling for kanten på skjemafelt alene. Hvert felt har en ledetekst "
            "over seg."
        ),
    ),
)

UNTESTED = (
    N_(
        "Tabellene (Streamlits tabellkomponent) tegnes på et lerret med en egen tilgjengelig tabellstruktur. "
        "Vi har ikke prøvd dem med skjermleser (NVDA, JAWS, VoiceOver)."
    ),
    N_(
        "Nedlastede filer (Excel, PowerPoint, PNG, SVG) er ikke kontrollert mot kravene. Diagrammene i "
        "PowerPoint har diagrammets tekstalternativ som alternativ tekst."
    ),
    N_("Innlogging med ID-porten eller Microsoft Entra ID skjer på leverandørens sider."),
    N_(
        'Språket (lang="nb" eller "nn", etter valgt målform) settes med et skript etter at siden er lastet; '
        "et øyeblikk før det står siden som engelsk."
    ),
)

TESTED = (
    N_(
        "axe-core (Deque) i Chromium på hver side og tilstand: utlogget, innlogget som redaktør og som "
        "administrator, ved 1920 × 1080 og 1280 × 720, med presentasjonsmodus, forhåndsvisning av import og "
        "feilmeldinger. Resultat: 0 brudd på {standard}."
    ),
    N_(
        "Egne nettlesertester for det axe ikke ser: språk og sidetittel på hver side, at alle oppgaver "
        "(velge region, bytte side, søke og åpne et treff, logge inn, velge fil å importere, bla i "
        "presentasjonen) kan gjøres med tastaturet alene med synlig fokus, at hvert diagram har et "
        "tekstalternativ og at tabellen har de samme tallene, kontrasten i all tekst i diagrammene, og at "
        "sidene kan leses uten sideveis rulling ved 320 CSS-piksler og ved 200 % forstørrelse."
    ),
    N_(
        "Fargene i diagrammene er regnet ut mot WCAGs kontrastkrav (4,5:1 for tekst, 3:1 for linjer), og "
        "referanselinjene har ulik strek (stiplet, prikket) i tillegg til farge. Skjulte tall vises som «:»."
    ),
)


@dataclass(frozen=True)
class Statement:
    owner: str
    contact: str
    checked: date
    standard: str
    requirements: int
    breaches: tuple[Breach, ...]
    untested: tuple[str, ...]
    tested: tuple[str, ...]

    @property
    def status(self) -> str:
        """'Løsningen er delvis i samsvar ...' with the count of breaches, as uustatus.no says it."""
        criteria = len({breach.criterion.split()[0] for breach in self.breaches})
        if not criteria:
            return _(
                "Løsningen er i samsvar med kravene til universell utforming av IKT ({standard}).",
                standard=self.standard,
            )
        return _(
            "Løsningen er delvis i samsvar med kravene til universell utforming av IKT ({standard}). "
            "Det er brudd på {criteria} av {requirements} krav.",
            standard=self.standard,
            criteria=criteria,
            requirements=self.requirements,
        )


def statement(environ: dict[str, str] | None = None) -> Statement:
    """The statement for this installation in the run's language; owner and contact come from its
    environment (the operator's own words, not translated)."""
    environ = os.environ if environ is None else environ
    standard = _(STANDARD)
    return Statement(
        owner=environ.get(OWNER_ENV_VAR, "").strip() or _("Nettverket som driver denne installasjonen"),
        contact=environ.get(CONTACT_ENV_VAR, "").strip()
        or _("Kontakt koordinatoren i nettverket ditt (den som ga deg lenken til appen)."),
        checked=CHECKED,
        standard=standard,
        requirements=REQUIREMENTS,
        breaches=tuple(Breach(_(b.criterion), _(b.content), _(b.consequence), _(b.reason)) for b in BREACHES),
        untested=tuple(_(line) for line in UNTESTED),
        tested=tuple(_(line, standard=standard) for line in TESTED),
    )
