"""Om dataene: every indicator's definition, unit, source, years, last import, and the privacy rules."""

import streamlit as st

from kompetanse.access.settings import read_settings
from kompetanse.i18n import _
from kompetanse.ui import login, panels
from kompetanse.views.om_dataene import indicator_sections
from kompetanse.views.oppdatering import source_runs

database = login.database()
st.title(_("Om dataene"))
rules = read_settings(database)
st.markdown(
    _(
        """
**Symboler.** «..» betyr at tallet mangler. «:» betyr at tallet er skjult av personvernhensyn, som SSB
gjør: antall personer under {min_persons} og andeler der færre enn {min_denominator} personer
ligger i grunnlaget vises ikke. Alle skjulte tall har samme merknad: «Skjult for å hindre at små tall kan
kjennes igjen.» Merknaden sier altså ikke om et tall er lite eller skjult for å beskytte et annet.

**Sekundær skjerming.** Region-, nettverks- og landstallene teller med de skjulte tallene, og mange tall
står i flere indikatorer (lederne er både et antall og nevneren i andelene om ledere). For hvert skjult
tall regner appen ut hvor stort det høyst kan være ut fra alt som vises (alle viste tall i alle
indikatorer og alle summer), og det største mulige tallet må nå grensen over. Gjør det ikke det, skjules
flere tall, og til slutt summer, til det gjør det. En andel som bare er importert med verdi, uten teller og
nevner, skjules, for da kan vi ikke se om grunnlaget er lite. Et tall som er skjult, er skjult på alle
sider, i alle indikatorer, regioner og nettverk og i alle nedlastinger. Eksempeldata skjules aldri. En
redaktør ser sine egne kommuners skjulte tall og hvorfor de er skjult, merket «Vist uskjult fordi du er
redaktør for kommunen; skjult for andre.»; en administrator ser hvorfor et tall er skjult, men ikke tallet.
Presentasjon og møtepakken viser alltid det alle ser.

**Hva databasen inneholder.** Tall om kommuner (antall, andeler, rater), prosjektbeskrivelser, innspill
fra temamøter og brukere med roller. Den skal ikke inneholde opplysninger om enkeltansatte.

**Offisielle tall og eksempeldata.** Indikatorene som SSB og Udir publiserer per kommune (barnehagelærere,
årsverk i omsorgstjenestene etter utdanning, pedagognormen, befolkningen), hentes med «Hent offisielle
tall» i Administrasjon eller `python -m kompetanse oppdater`. Da erstatter de offisielle tallene
eksempeldataene for hele indikatoren; en kommune som mangler i SSBs tabell, vises med «..». Kolonnen
«Tallene» sier hvilken tabell tallene kommer fra, når tabellen sist ble oppdatert hos kilden og når den
ble hentet. De andre indikatorene (lederopplæring, utlyste stillinger, KS' PAI-tall som heltid og
sykefravær) viser genererte eksempeldata (merket «Eksempeldata» overalt) til kommunene importerer egne tall.

**SSBs egne tall.** For SSB-indikatorene er «Landet» og «Landet uten Oslo» SSBs egne tall (SSB vekter
dem), og KOSTRA-gruppen (kommuner som ligner, SSB KLASS 112) vises ved siden av regionen og landet.
SSBs symboler beholdes: «:» er skjult av SSB, «..» mangler hos SSB.

**Region- og landstall** regnes ut fra tellere og nevnere (summen av tellerne delt på summen av
nevnerne), aldri som gjennomsnitt av andeler. For KOSTRA-indikatorene er referansen «landet uten Oslo».

**Framtidig behov.** Siden regner ut hvor mange årsverk barnehagene og omsorgstjenestene trenger i
årene du velger, fra befolkningsframskrivingen og dagens bemanning. *Barnehage:* barna 1–2 og 3–5 år
ganger andelen som går i barnehage (landsgjennomsnittet 84,4 % og 97,1 % i SSBs barnehagestatistikk),
delt på pedagognormen (én barnehagelærer per 7 barn under 3 år og per 14 barn fra 3 år). *Omsorg:*
dagens årsverk per vektet innbygger holdes fast i hver kommune (den enkleste ærlige modellen), der
innbyggerne 0–66, 67–79, 80–89 og 90+ år vektes med hvor mange per 1000 som mottar hjemmetjenester
eller bor på institusjon (SSB); årsverkene fordeles på utdanning med dagens andeler. *Avgang:* andelen
ansatte 60 år og eldre (KS PAI) går av jevnt fordelt fram til pensjonsalderen, eller en avgang per år
du velger. Rekrutteringsbehovet er behovet minus det som er igjen av dagens årsverk etter avgangen,
delt på årene fram til horisonten. Regionen er summen av kommunene, så et overskudd i én kommune
dekker ikke et underskudd i en annen. Båndet viser SSBs lave (LLML) og høye (HHMH) alternativ rundt
hovedalternativet (MMMM). Til SSBs kommunevise framskriving (tabell 14746) er hentet, bruker siden
eksempeldata som appen framskriver fra befolkningen 1. januar (merket «Eksempeldata»). Alle
forutsetningene står under hver figur og i hver nedlasting, og en forutsetning du har endret, er merket
som ditt eget valg.

**Kilder og lisenser.** Kommune- og regioninndeling: SSB KLASS (CC BY 4.0). Kommunegrenser: Kartverket
(CC BY 4.0). Befolkning: SSB tabell 07459 (CC BY 4.0). Offisielle tall fra SSB Statistikkbanken og KLASS
(CC BY 4.0) og Udir Barnehagefakta.
""",
        min_persons=rules.min_persons,
        min_denominator=rules.min_denominator,
    )
)
# A section per indicator, by theme: the whole definition, then its facts on one line.
for theme, sections in indicator_sections(database):
    st.header(theme, divider="gray")
    for section in sections:
        with st.container(border=True):
            st.subheader(section.indicator)
            st.text(section.text, width="stretch")  # one element, not two: 60 of them, every run

st.header(_("Kildene"), divider="gray")
st.caption(_("Når hver kilde sist ble kjørt, om det gikk bra, og når den sist brakte nye tall."))
panels.dataframe(source_runs(database))
