import re
import subprocess
import sys

from conftest import ROOT


def run_check(env_content_dir=None, translations_dir=None, **settings):
    env = {"PATH": "/usr/bin:/bin", **{f"POCKETRIGHTS_{name}": value for name, value in settings.items()}}
    if env_content_dir:
        env["POCKETRIGHTS_CONTENT_DIR"] = str(env_content_dir)
    if translations_dir:
        env["POCKETRIGHTS_TRANSLATIONS_DIR"] = str(translations_dir)
    flask = [sys.executable, "-m", "flask", "--app", "app", "check"]
    return subprocess.run(flask, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_check_passes_on_the_fixture_content():
    from conftest import FIXTURE_CONTENT
    result = run_check(FIXTURE_CONTENT, HOTLINE_NUMBER="(212) 555-0100", REVIEW_MAX_AGE_DAYS="100000")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("0 error(s), 0 warning(s)")


def test_check_reports_a_broken_file_with_path_and_line(content_copy):
    path = content_copy / "es" / "door.md"
    path.write_text(path.read_text().replace("{{ say: no-search }}", "{{ say: no-serch }}"))
    result = run_check(content_copy)
    assert result.returncode == 1
    assert f"{path}:13: error: unknown phrase 'no-serch'" in result.stdout


def test_check_reports_broken_ui_catalogues(tmp_path, content_copy):
    import shutil
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    po = translations / "es" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text().replace('msgstr "Ley vigente al %(date)s', 'msgstr "Ley vigente al %(fecha)s'))
    result = run_check(content_copy, translations)
    assert result.returncode == 1
    assert "translations/es/LC_MESSAGES/messages.po:" in result.stdout and "placeholders differ" in result.stdout


def test_check_passes_on_the_real_content():
    result = run_check()
    assert result.returncode == 0, result.stdout


def test_status_reports_each_language():
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "status"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert re.search(r"^es \(Español, ltr\): (in)?complete; 22/22 guides", result.stdout, re.M)
    assert re.search(r"^ar \(العربية, rtl\): (in)?complete; \d+/22 guides", result.stdout, re.M)
    assert "revision" in result.stdout.splitlines()[1]


def test_ui_strings_follow_the_templates_they_come_from(tmp_path):
    """The strings are kept between runs by a hash of their files: a string added to a template is found."""
    import shutil

    from pocketrights.checks import ui_strings
    for folder in ("templates", "pocketrights"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    before = ui_strings(tmp_path)
    assert before == ui_strings(ROOT) and "Say:" in before
    page = tmp_path / "templates" / "guide.html"
    page.write_text(page.read_text() + '{{ _("A string added today") }}\n')
    assert ui_strings(tmp_path) == before | {"A string added today"}
    assert ui_strings(ROOT) == before  # (and the original again, from the cache or not)
