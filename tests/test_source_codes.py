"""The coder's own sources answer first (issue 11), through the public CLI and its JSON: a code named in a
saved article is suggested with its sentence and citation, marked unchecked until a table is loaded,
checked once one is, and the site's boilerplate never reaches a citation."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "cpt_articles"
ARTICLES = ("percutaneous-scs-lead-placement.html", "policy_scs_lead.txt", "dexamethasone-injection-units.txt",
            "wart-destruction-cryotherapy.html")
LEAD = "Which CPT code is for a spinal cord stimulator lead threaded into the epidural space through a needle?"


def _copy(home_from: Path, where: Path) -> tuple[Path, Path]:
    home = where / "home"
    shutil.copytree(home_from, home)
    docs = where / "docs"
    docs.mkdir()
    for name in ARTICLES:
        shutil.copy(FIXTURES / name, docs / name)
    run_cli("ingest", str(docs), home=home)
    return home, docs


@pytest.fixture(scope="module")
def articles_home(small_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy(small_home, tmp_path_factory.mktemp("articles"))[0]


@pytest.fixture(scope="module")
def table_home(articles_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("table") / "home"
    shutil.copytree(articles_home, home)
    table = home.parent / "cpt-table.csv"
    shutil.copy(FIXTURES / "cpt_table.csv", table)
    run_cli("ingest", str(table), "--system", "cpt", home=home)
    return home


def ask(home: Path, question: str) -> dict:
    return json.loads(run_cli("ask", question, "--json", home=home).stdout)


def boilerplate() -> list[re.Pattern[str]]:
    return [re.compile(rf"(?<!\w){re.escape(line.strip())}(?!\w)", re.I)
            for line in (FIXTURES / "boilerplate.txt").read_text().splitlines() if line.strip()]


def test_the_articles_code_comes_first_unchecked_and_cited(articles_home: Path) -> None:
    answer = ask(articles_home, LEAD)
    first = answer["suggestions"][0]
    assert (first["code"], first["system"], first["valid"], first["origin"]) == ("63650", "CPT", None, "source")
    assert "63650" in first["quote"]
    cited = {c["n"]: c for c in answer["citations"]}
    sources = [cited[n]["source"] for n in first["citations"]]
    assert sources[0].endswith("percutaneous-scs-lead-placement.html")
    assert any(s.endswith("policy_scs_lead.txt") for s in sources)  # several sources on one code
    assert "not checked against a cpt code set: none loaded" in answer["answer"].lower()


def test_a_policy_line_that_limits_coverage_is_shown_beside_its_code(articles_home: Path) -> None:
    first = ask(articles_home, LEAD)["suggestions"][0]
    assert first["limits"] and all("63650" in lim["text"] for lim in first["limits"])


def test_a_hcpcs_drug_code_is_not_read_as_a_diagnosis(articles_home: Path) -> None:
    first = ask(articles_home, "What is J1100?")["suggestions"][0]
    assert (first["code"], first["system"], first["origin"]) == ("J1100", "HCPCS", "source")


def test_the_built_in_procedure_code_is_labelled_the_inpatient_equivalent(articles_home: Path) -> None:
    answer = ask(articles_home, LEAD)
    pcs = [s for s in answer["suggestions"] if s["system"] == "ICD-10-PCS"]
    assert pcs and all(s["role"] == "inpatient facility equivalent" for s in pcs)


def test_boilerplate_never_reaches_a_citation(articles_home: Path) -> None:
    patterns = boilerplate()
    for question in (LEAD, "HCPCS code for dexamethasone injections, getting the units right",
                     "CPT code for freezing warts with liquid nitrogen cryotherapy"):
        for c in ask(articles_home, question)["citations"]:
            hits = [p.pattern for p in patterns if p.search(c["text"])]
            assert not hits, (question, c["source"], hits)


def test_a_source_never_makes_an_invalid_icd10_code_look_valid(articles_home: Path) -> None:
    # The lead article says "T8 to T10" (spinal levels): T10 is no ICD-10-CM code and is never suggested.
    for question in (LEAD, "where does the lead tip end up, T8 to T10?"):
        assert all(s["code"] != "T10" for s in ask(articles_home, question)["suggestions"])


def test_a_loaded_table_checks_the_sources_codes(table_home: Path) -> None:
    first = ask(table_home, LEAD)["suggestions"][0]
    assert (first["code"], first["valid"], first["origin"]) == ("63650", True, "code set")
    wart = ask(table_home, "CPT code for freezing warts with liquid nitrogen cryotherapy")
    flagged = next(s for s in wart["suggestions"] if s["code"] == "17110")  # the table lacks it
    assert flagged["valid"] is False
    assert "17110 is not in your loaded CPT code set" in wart["answer"]


def test_batch_answers_carry_the_source_fields(articles_home: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "a", "question": LEAD}) + "\n"
                         + json.dumps({"id": "b", "question": "What is J1100?"}) + "\n")
    lines = [json.loads(x) for x in run_cli("ask", "--batch", str(questions), "--json",
                                            home=articles_home).stdout.splitlines()]
    firsts = {line["id"]: line["suggestions"][0] for line in lines}
    assert (firsts["a"]["code"], firsts["a"]["origin"], firsts["a"]["valid"]) == ("63650", "source", None)
    assert firsts["a"]["quote"] and firsts["b"]["code"] == "J1100"
