"""The ratchet on Norwegian text in the code (issue 17, item 4): the modules that still write user text
as literals instead of taking it from the catalogues. The list may only shrink: a translated module
must leave it, and a new module with Norwegian literals fails until its texts go through `_()`."""

from kompetanse.i18n.scan import is_user_text, untranslated_modules

UNTRANSLATED = {
    "kompetanse/sources/ssb/kostra_barnehage.py",
    "kompetanse/sources/ssb/omsorg_arsverk.py",
    "kompetanse/sources/ssb/projection.py",
}
TRANSLATED = {
    "app.py",
    "pages/oversikt.py",
    "kompetanse/ui/sidebar.py",
    "kompetanse/ui/login.py",
    "kompetanse/ui/language.py",
    "kompetanse/ui/panels.py",
    "kompetanse/ui/targets.py",
    "kompetanse/views/oversikt.py",
    "kompetanse/indicators/view.py",
    "kompetanse/indicators/tables.py",
    "kompetanse/indicators/totals.py",
    "kompetanse/rules/formatting.py",
    "pages/tilgjengelighet.py",
    "kompetanse/views/tilgjengelighet.py",
    "kompetanse/ui/browser.py",
    "kompetanse/views/presentasjon.py",
    "kompetanse/charts/style.py",
    "kompetanse/views/kompetansegap.py",
    "pages/kompetansegap.py",
    "pages/framtidig_behov.py",
    "kompetanse/views/framtidig_behov.py",
    "kompetanse/views/future_working_age.py",
    "kompetanse/charts/future.py",
    "kompetanse/rules/future_assumptions.py",
    "kompetanse/rules/future_need.py",
    "kompetanse/ui/assumptions.py",
    "kompetanse/sources/projections.py",
    "kompetanse/views/future_county.py",
    "kompetanse/views/future_data.py",
    "kompetanse/sources/example_projections.py",
    "kompetanse/charts/describe.py",
    "kompetanse/views/lederutvikling.py",
    "pages/lederutvikling.py",
    "pages/rekruttering.py",
    "kompetanse/charts/heat.py",
    "kompetanse/views/tifaktor.py",
    "kompetanse/views/tifaktor_omrader.py",
    "pages/tifaktor.py",
    "kompetanse/views/kompetanseplaner.py",
    "kompetanse/rules/plans.py",
    "pages/kompetanseplaner.py",
    "kompetanse/sources/example_tifaktor.py",
    # The views slice (nn-views)
    "pages/tiltak.py",
    "pages/innspill.py",
    "pages/kommuneprofil.py",
    "pages/sammenlign.py",
    "pages/om_dataene.py",
    "pages/presentasjon.py",
    "kompetanse/views/tiltak.py",
    "kompetanse/views/innspill.py",
    "kompetanse/views/kommuneprofil.py",
    "kompetanse/views/sammenlign.py",
    "kompetanse/views/om_dataene.py",
    "kompetanse/views/oppdatering.py",
    "kompetanse/views/saved_presentations.py",
    "kompetanse/views/search.py",
    "kompetanse/views/targets.py",
    "kompetanse/charts/bars.py",
    "kompetanse/charts/maps.py",
    "kompetanse/charts/targets.py",
    "kompetanse/charts/trends.py",
    "kompetanse/indicators/references.py",
    "kompetanse/exports/series.py",
    "kompetanse/rules/privacy.py",
    "kompetanse/rules/protection.py",
    "kompetanse/rules/links.py",
    "kompetanse/rules/regions.py",
    "kompetanse/ui/presenting.py",
    "kompetanse/cli.py",
    "kompetanse/commands.py",
    "kompetanse/sources/boundaries.py",
    "kompetanse/sources/fetching.py",
    "kompetanse/sources/http.py",
    "kompetanse/sources/klass.py",
    "kompetanse/sources/population.py",
    "kompetanse/sources/registry.py",
    "kompetanse/sources/runs.py",
    "kompetanse/sources/ssb/cells.py",
    "kompetanse/sources/ssb/client.py",
    "kompetanse/sources/ssb/metadata.py",
    "kompetanse/sources/udir.py",
    "kompetanse/sources/update.py",
    "kompetanse/store/db.py",
    "kompetanse/store/schema.py",
    "kompetanse/ui/state.py",
}


def test_no_module_outside_the_list_writes_norwegian_user_text_in_the_code():
    found = untranslated_modules()
    assert sorted(set(found) - UNTRANSLATED) == []


def test_a_module_whose_texts_are_translated_is_taken_off_the_list():
    assert sorted(UNTRANSLATED - set(untranslated_modules())) == []


def test_the_translated_slice_holds_no_norwegian_literal():
    assert sorted(TRANSLATED & set(untranslated_modules())) == []


def test_the_scan_tells_user_text_from_data_keys():
    assert is_user_text("Fant ikke regionen.")
    assert is_user_text("Søk")
    assert not is_user_text("årsverk")  # a unit key in the catalogue, not a sentence
    assert not is_user_text("landet_uten_oslo")
    assert not is_user_text("select * from municipality")
