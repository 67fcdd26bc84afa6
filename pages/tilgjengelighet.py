"""Tilgjengelighetserklæring: the WCAG level met, what is known not to meet it, how to report a problem."""

import streamlit as st

from kompetanse.i18n import _
from kompetanse.rules.formatting import format_day
from kompetanse.views.tilgjengelighet import statement

found = statement()
st.title(_("Tilgjengelighetserklæring"))
st.markdown(
    _(
        "Erklæringen følger mønsteret i Uu-tilsynets tilgjengelighetserklæring (uustatus.no). Den som driver "
        "appen for et nettverk, publiserer den offisielle erklæringen der."
    )
)
# The operator's texts: plain, never Markdown
st.text(_("Ansvarlig virksomhet: {owner}", owner=found.owner))
st.text(_("Erklæringen er oppdatert {day}.", day=format_day(found.checked)))

st.header(_("I hvilken grad er løsningen i samsvar med kravene?"), divider="gray")
st.markdown(found.status)

st.header(_("Hva betyr bruddene for brukerne?"), divider="gray")
st.markdown(
    _(
        "Bruddene får særlig følger for brukere med nedsatt syn og brukere som bruker forstørrelse. Alle "
        "tall i diagrammene står også i tabellene og i diagrammenes tekstalternativ."
    )
)

st.header(_("Meld fra om brudd på kravene"), divider="gray")
st.markdown(
    _(
        "Har du funnet feil eller mangler knyttet til universell utforming, trenger du tallene i en annen "
        "form, eller har du forslag til forbedringer? Vi vil gjerne høre fra deg."
    )
)
st.text(found.contact)  # the operator's text: plain, never Markdown

st.header(_("Klage"), divider="gray")
st.markdown(
    _(
        "Diskrimineringsnemnda behandler klager om brudd på regelverket for universell utforming av IKT. "
        "Du kan også klage hvis du ikke får svar, eller får svar for sent, på en tilbakemelding du har sendt "
        "oss. Uu-tilsynet (Digitaliseringsdirektoratet) fører tilsyn med regelverket."
    )
)

st.header(_("Innhold som ikke er universelt utformet"), divider="gray")
for breach in found.breaches:
    st.subheader(breach.criterion)
    st.markdown(_("**Hva:** {content}", content=breach.content))
    st.markdown(_("**Hva det betyr:** {consequence}", consequence=breach.consequence))
    st.markdown(_("**Hvorfor:** {reason}", reason=breach.reason))

st.header(_("Ikke kontrollert"), divider="gray")
st.markdown("\n".join(f"- {line}" for line in found.untested))

st.header(_("Slik har vi testet"), divider="gray")
st.markdown("\n".join(f"- {line}" for line in found.tested))
