"""The glossary check: a translation that strays from its language's word for a term is flagged."""

from pathlib import Path

from pocketrights import glossary

ENGLISH = """\
search:
  means: Looking through your things.
  match: [search]
search-warrant:
  means: A judge's order to search a place.
  match: [search warrant]
ice:
  means: The agency.
  match: [ICE]
"""
SPANISH = """\
status: machine-translated
source_revision: 000000000000
terms:
  search: {term: revisar, forms: [revis]}
  search-warrant: {term: orden de cateo}
  ice: {term: ICE}
"""


def write(root: Path, english_guide: str, spanish_guide: str, spanish_glossary: str = SPANISH) -> Path:
    for lang, glossary_text, guide in (("en", ENGLISH, english_guide), ("es", spanish_glossary, spanish_guide)):
        (root / lang).mkdir(parents=True, exist_ok=True)
        (root / lang / "glossary.yaml").write_text(glossary_text, encoding="utf-8")
        (root / lang / "door.md").write_text(f"---\ntitle: T\n---\n{guide}\n", encoding="utf-8")
    return root


def messages(root: Path) -> list[str]:
    return [problem.message for problem in glossary.check(root, ["en", "es"])]


def test_the_languages_own_word_passes_and_another_word_is_flagged(tmp_path):
    assert messages(write(tmp_path / "a", "Do not consent to a search.", "No dé permiso para que lo revisen.")) == []
    flagged = messages(write(tmp_path / "b", "Do not consent to a search.", "No dé permiso para el registro."))
    assert len(flagged) == 1 and "'revisar'" in flagged[0] and "(search)" in flagged[0]


def test_a_term_inside_a_longer_term_counts_only_as_the_longer_one(tmp_path):
    root = write(tmp_path, "Ask to see the search warrant.", "Pida ver la orden de cateo.")
    assert messages(root) == []  # "search" here is part of "search warrant": no need for "revisar"


def test_capitals_are_matched_exactly_and_link_targets_and_sources_are_ignored(tmp_path):
    english = "Call [the nice lawyer](https://example.org/ICE) once.\n"
    assert messages(write(tmp_path, english, "Llame una vez.")) == []


def test_a_wrong_glossary_entry_is_an_error_with_its_line(tmp_path):
    bad = SPANISH + "  warrant-of-nothing: {term: nada}\n  ice: {forms: [x]}\n"
    problems = glossary.check(write(tmp_path, "x", "x", bad), ["en", "es"])
    errors = [p for p in problems if p.severity == "error"]
    assert {p.line for p in errors} == {7, 8} and all(p.path.name == "glossary.yaml" for p in errors)
