"""The command line in nynorsk (issue 17): `kompetanse --maal nn COMMAND` speaks nynorsk in its
messages, errors and help texts; without `--maal` it speaks the installation's «Standard målform»;
bokmål is as before."""

import re

import pytest
from test_nynorsk import TELL_TALE

from kompetanse.cli import main


def run(capsys, *args: str) -> tuple[int, str]:
    """Exit code and everything the command printed (stdout and stderr)."""
    try:
        code = main(list(args))
    except SystemExit as exit:  # argparse: --help, a wrong option
        code = exit.code
    out, err = capsys.readouterr()
    return code, out + err


def tell_tales(text: str) -> dict[str, str]:
    return {
        word: nynorsk for word, nynorsk in TELL_TALE.items() if re.search(rf"\b{word}\b", text, re.IGNORECASE)
    }


def test_region_list_in_nynorsk_counts_kommunar_and_bokmal_counts_kommuner(fixture_db, capsys):
    code, nynorsk = run(capsys, "--maal", "nn", "region", "list", "--db", str(fixture_db))
    assert code == 0
    assert "kommunar" in nynorsk and tell_tales(nynorsk) == {}
    code, bokmal = run(capsys, "--maal", "nb", "region", "list", "--db", str(fixture_db))
    assert code == 0
    assert "kommuner" in bokmal and "kommunar" not in bokmal
    assert run(capsys, "region", "list", "--db", str(fixture_db))[1] == bokmal  # the default is bokmål


def test_an_unknown_region_is_explained_in_nynorsk(fixture_db, capsys):
    code, text = run(capsys, "--maal", "nn", "region", "show", "atlantis", "--db", str(fixture_db))
    assert code == 1
    assert text.strip() == "Fann ingen region eller nettverk som heiter «atlantis»."
    code, text = run(capsys, "region", "show", "atlantis", "--db", str(fixture_db))
    assert text.strip() == "Fant ingen region eller nettverk som heter «atlantis»."


def test_a_failing_import_explains_in_nynorsk_and_in_bokmal_as_before(fixture_db, tmp_path, capsys):
    missing = tmp_path / "finst-ikkje.csv"
    code, text = run(capsys, "--maal", "nn", "import", str(missing), "--db", str(fixture_db))
    assert (code, text.strip()) == (1, f"Fann ikkje fila {missing}.")
    code, text = run(capsys, "import", str(missing), "--db", str(fixture_db))
    assert (code, text.strip()) == (1, f"Fant ikke filen {missing}.")


def test_an_import_with_bad_rows_is_refused_in_nynorsk(fixture_db, tmp_path, capsys):
    file = tmp_path / "feil.csv"
    file.write_text("kommunenummer,år,indikator,verdi,teller,nevner,kilde\n9999,2024,x,1,,,Eiga\n")
    code, text = run(capsys, "--maal", "nn", "import", str(file), "--db", str(fixture_db))
    assert code == 1
    assert text.strip() and tell_tales(text) == {}


def test_settings_in_nynorsk_show_the_nynorsk_labels(fixture_db, capsys):
    code, text = run(capsys, "--maal", "nn", "settings", "--db", str(fixture_db))
    assert code == 0
    assert "Lesing krev innlogging" in text and tell_tales(text) == {}


def test_the_installations_malform_is_the_default_and_maal_overrides_it(fixture_db, capsys):
    assert run(capsys, "settings", "default_language", "nn", "--db", str(fixture_db))[0] == 0
    assert "heiter" in run(capsys, "region", "show", "atlantis", "--db", str(fixture_db))[1]
    assert "heter" in run(capsys, "--maal", "nb", "region", "show", "atlantis", "--db", str(fixture_db))[1]


def test_the_help_texts_are_in_nynorsk_with_maal_nn(capsys):
    code, text = run(capsys, "--maal", "nn", "--help")
    assert code == 0
    assert "hent offisielle tal frå SSB, KLASS og Udir" in text and tell_tales(text) == {}
    code, text = run(capsys, "--maal", "nn", "import", "--help")
    assert code == 0
    assert "vis kva som ville blitt endra, utan å skrive" in text
    code, text = run(capsys, "--help")
    assert "hent offisielle tall fra SSB, KLASS og Udir" in text


@pytest.mark.parametrize("maal", ["--maal=nn", "nn"])
def test_pack_keeps_its_own_maal_and_the_global_one_works_too(fixture_db, tmp_path, capsys, maal):
    out = tmp_path / "pakke.pptx"
    before = ["--maal", "nn"] if maal == "nn" else []
    after = [maal] if maal != "nn" else []
    code, text = run(
        capsys, *before, "pack", "--region", "vesteralen", "--out", str(out), *after, "--db", str(fixture_db)
    )
    assert code == 0, text
    assert text.startswith("Skreiv møtepakken for Vesterålen") and out.stat().st_size > 0


def test_a_failing_update_explains_in_nynorsk_and_in_bokmal_as_before(fixture_db, monkeypatch, capsys):
    monkeypatch.setenv("KOMPETANSE_SSB_API", "http://127.0.0.1:9/ssb")  # nobody answers there
    code, text = run(capsys, "--maal", "nn", "oppdater", "--kilde", "ssb", "--db", str(fixture_db))
    assert code == 1
    last = text.strip().splitlines()[-1]
    assert last.startswith("Fekk ikkje kontakt med SSB for tabell ") and tell_tales(last) == {}
    code, text = run(capsys, "oppdater", "--kilde", "ssb", "--db", str(fixture_db))
    assert code == 1
    assert text.strip().splitlines()[-1].startswith("Fikk ikke kontakt med SSB for tabell ")


def test_a_damaged_database_file_is_explained_in_nynorsk(tmp_path, capsys):
    broken = tmp_path / "skadd.duckdb"
    broken.write_bytes(b"ikkje ein database")
    code, text = run(capsys, "--maal", "nn", "region", "list", "--db", str(broken))
    assert code == 1
    assert text.startswith("Databasefila skadd.duckdb er skadd eller ikkje ein kompetanse-database.")
    assert tell_tales(text) == {}
    code, text = run(capsys, "region", "list", "--db", str(broken))
    assert text.startswith("Databasefilen skadd.duckdb er skadet eller ikke en kompetanse-database.")


def test_an_unknown_source_is_refused_in_nynorsk():
    from kompetanse.i18n import using_language
    from kompetanse.sources.fetching import chosen_sources

    with (
        using_language("nn"),
        pytest.raises(Exception, match="Ukjend kjelde «x». Vel ssb, klass, udir eller alle."),
    ):
        chosen_sources("x")


def test_argparse_speaks_the_malform_in_usage_sections_help_and_errors(capsys):
    code, text = run(capsys, "--maal", "nn", "oppdater", "--kilde", "x")
    assert code == 2
    assert text.startswith("bruk: kompetanse oppdater [-h]")
    assert text.strip().endswith(
        "kompetanse oppdater: feil: argumentet --kilde: ugyldig val 'x' "
        "(vel mellom 'ssb', 'klass', 'udir', 'alle')"
    )
    code, text = run(capsys, "--maal", "nn", "pack")
    assert text.strip().endswith("kompetanse pack: feil: desse argumenta manglar: --region, --out")
    code, text = run(capsys, "--maal", "nn", "user", "--help")
    assert code == 0 and "argument:" in text and "val:" in text and "vis denne hjelpa og avslutt" in text
    for args in (("undo", "x"), ("export", "--out", "a", "b")):
        code, text = run(capsys, "--maal", "nn", *args)
        assert code == 2 and tell_tales(text) == {}
        assert not {"usage", "error", "invalid", "unrecognized", "argument NR:"} & set(text.split()), text
    code, text = run(capsys, "undo", "x")
    assert text.strip().endswith("kompetanse undo: feil: argumentet NR: ugyldig verdi 'x'")
    code, text = run(capsys, "export", "--out", "a", "b")
    assert text.strip().endswith("kompetanse: feil: ukjente argumenter: b")
    code, text = run(capsys, "--help")
    assert "valg:" in text and "vis denne hjelpen og avslutt" in text and "usage" not in text
