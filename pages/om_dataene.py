"""Om dataene: every indicator's definition, unit, source, years, last import, and the privacy rules."""

import streamlit as st

from kompetanse.access.settings import read_settings
from kompetanse.ui import login
from kompetanse.views.om_dataene import data_coverage

database = login.database()
st.title("Om dataene")
rules = read_settings(database)
st.markdown(
    f"""
**Symboler.** «..» betyr at tallet mangler. «:» betyr at tallet er skjult av personvernhensyn, som SSB
gjør: antall personer under {rules.min_persons} og andeler der færre enn {rules.min_denominator} personer
ligger i grunnlaget vises ikke. Grunnen står i kolonnen Merknad og i verktøytipset i diagrammene.

**Sekundær skjerming.** Region-, nettverks- og landstallene teller med de skjulte tallene. For at et
skjult tall ikke skal kunne regnes ut som «summen minus de viste kommunene», må hver slik sum som har et
skjult kommunetall, ha minst to skjulte, og de skjulte må til sammen nå grensen over (antall personer,
nevneren for andeler, telleren for rater). Ellers skjules også den minste av de andre kommunene i summen,
og slik fortsetter det til alle summene er trygge. Går ikke det, skjules summen selv. Et tall som er
skjult, er skjult på alle sider, i alle regioner og nettverk og i alle nedlastinger. Eksempeldata skjules
aldri. En redaktør ser sine egne kommuners skjulte tall, merket «Vist uskjult fordi du er redaktør for
kommunen; skjult for andre.»; Presentasjon og møtepakken viser alltid det alle ser.

**Hva databasen inneholder.** Tall om kommuner (antall, andeler, rater), prosjektbeskrivelser, innspill
fra temamøter og brukere med roller. Den skal ikke inneholde opplysninger om enkeltansatte.

**Eksempeldata.** For indikatorene om kompetanse, lederutvikling og rekruttering fantes ingen tall per
kommune som kunne lastes ned uten nett. De viser derfor genererte eksempeldata (merket «Eksempeldata»
overalt) til ekte tall importeres. Befolkningstallene er offisielle (SSB tabell 07459).

**Region- og landstall** regnes ut fra tellere og nevnere (summen av tellerne delt på summen av
nevnerne), aldri som gjennomsnitt av andeler. For KOSTRA-indikatorene er referansen «landet uten Oslo».

**Kilder og lisenser.** Kommune- og regioninndeling: SSB KLASS (CC BY 4.0). Kommunegrenser: Kartverket
(CC BY 4.0). Befolkning: SSB tabell 07459 (CC BY 4.0).
"""
)
# A section per indicator, by theme: the whole definition, then its facts on one line.
table = data_coverage(database)
FACTS = ("Enhet", "Kilde", "År", "Tall", "Eksempeldata", "Skjerming", "Sist importert")
LABELS = {"Tall": "Antall verdier"}
for theme in table["Tema"].unique(maintain_order=True):
    st.header(theme, divider="gray")
    for row in table.filter(table["Tema"] == theme).iter_rows(named=True):
        with st.container(border=True):
            st.subheader(row["Indikator"])
            st.text(row["Definisjon"] or "", width="stretch")
            facts = [
                f"{LABELS.get(name, name)}: {row[name]}" for name in FACTS if row[name] not in (None, "")
            ]
            st.text(" · ".join([f"Id: {row['Id']}", *facts]), width="stretch")
