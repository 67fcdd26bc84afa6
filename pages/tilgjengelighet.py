"""Tilgjengelighetserklæring: the WCAG level met, what is known not to meet it, how to report a problem."""

import streamlit as st

from kompetanse.rules.formatting import format_day
from kompetanse.views.tilgjengelighet import statement

found = statement()
st.title("Tilgjengelighetserklæring")
st.markdown(
    "Erklæringen følger mønsteret i Uu-tilsynets tilgjengelighetserklæring (uustatus.no). Den som driver "
    "appen for et nettverk, publiserer den offisielle erklæringen der."
)
st.text(f"Ansvarlig virksomhet: {found.owner}")  # the operator's text: plain, never Markdown
st.text(f"Erklæringen er oppdatert {format_day(found.checked)}.")

st.header("I hvilken grad er løsningen i samsvar med kravene?", divider="gray")
st.markdown(found.status)

st.header("Hva betyr bruddene for brukerne?", divider="gray")
st.markdown(
    "Bruddene får særlig følger for brukere med nedsatt syn og brukere som bruker forstørrelse. Alle "
    "tall i diagrammene står også i tabellene og i diagrammenes tekstalternativ."
)

st.header("Meld fra om brudd på kravene", divider="gray")
st.markdown(
    "Har du funnet feil eller mangler knyttet til universell utforming, trenger du tallene i en annen "
    "form, eller har du forslag til forbedringer? Vi vil gjerne høre fra deg."
)
st.text(found.contact)  # the operator's text: plain, never Markdown

st.header("Klage", divider="gray")
st.markdown(
    "Diskrimineringsnemnda behandler klager om brudd på regelverket for universell utforming av IKT. "
    "Du kan også klage hvis du ikke får svar, eller får svar for sent, på en tilbakemelding du har sendt "
    "oss. Uu-tilsynet (Digitaliseringsdirektoratet) fører tilsyn med regelverket."
)

st.header("Innhold som ikke er universelt utformet", divider="gray")
for breach in found.breaches:
    st.subheader(breach.criterion)
    st.markdown(f"**Hva:** {breach.content}")
    st.markdown(f"**Hva det betyr:** {breach.consequence}")
    st.markdown(f"**Hvorfor:** {breach.reason}")

st.header("Ikke kontrollert", divider="gray")
st.markdown("\n".join(f"- {line}" for line in found.untested))

st.header("Slik har vi testet", divider="gray")
st.markdown("\n".join(f"- {line}" for line in found.tested))
