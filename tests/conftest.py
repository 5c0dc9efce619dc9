"""Test-wide settings: Qt runs offscreen; the bundled examples are easy to reach."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mla_writer.domain.model import CaseFile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_NAMES = ("mla-bank-records", "mla-freezing-electronic", "extradition-accused",
                 "provisional-arrest")


@pytest.fixture
def fork_as_in_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    """`signing.forked` forks as in an `mla-writer build`/`sign` process, which has one thread
    and no Qt; this test process has Qt (pytest-qt) and, in a whole run, threads earlier tests
    started. tests/signing/test_forked.py checks those conditions in a fresh process."""
    from mla_writer.signing import forked

    monkeypatch.setattr(forked, "_qt_loaded", lambda: False)
    monkeypatch.setattr(forked, "_single_threaded", lambda: True)


class Children(list[Any]):
    """The children `signing.forked.start` started (None: not started)."""

    def reaped(self) -> bool:
        """Every child has ended and been waited for (no zombie left)."""
        for child in self:
            if child is None:
                continue
            try:
                os.waitpid(child.pid, os.WNOHANG)
            except ChildProcessError:
                continue
            return False
        return True


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> Children:
    """The children `signing.forked.start` starts during the test (None: not started)."""
    from mla_writer.signing import forked

    started = Children()
    real_start = forked.start

    def spy(job: Any, **options: Any) -> Any:
        child = real_start(job, **options)
        started.append(child)
        return child

    monkeypatch.setattr(forked, "start", spy)
    return started


@pytest.fixture(params=EXAMPLE_NAMES)
def example_path(request: pytest.FixtureRequest) -> Path:
    return ROOT / "examples" / f"{request.param}.json"


def _untranslated(name: str) -> CaseFile:
    from mla_writer.storage import load

    case = load(ROOT / "examples" / f"{name}.json")
    case.translations.clear()
    return case


@pytest.fixture
def untranslated_example() -> Callable[[str], CaseFile]:
    """Load a bundled example without its translations: the case as a user types it in
    English, before a translator's work. The examples ship translated into their document
    languages, so tests of untranslated text (marking, XLIFF export, the checklist) start here."""
    return _untranslated


@pytest.fixture
def untranslated_example_file(tmp_path: Path) -> Callable[[str], Path]:
    """Write a bundled example without its translations to a case file of its own (for the
    command line and the GUI); returns the file's path."""
    from mla_writer.storage import save

    def write(name: str) -> Path:
        path = tmp_path / f"{name}.untranslated.json"
        save(_untranslated(name), path)
        return path

    return write


#: Tests that take more than about half a second (measured on the full suite; the signing ones
#: derive keys on purpose, the document ones build every example in every language): marked
#: `slow`, so that `pytest -m "not slow"` runs the rest in about a minute. Every test under
#: tests/gui/ is marked `gui` (Qt, offscreen). CI runs everything.
SLOW: dict[str, tuple[str, ...]] = {
    "cli/test_contract.py": (
        "test_a_tampered_review_blocks_check_and_build_alike",
        "test_source_date_epoch_makes_builds_byte_identical",
    ),
    "gui/test_follow.py": (
        "test_a_produce_error_is_said_in_plain_words",
        "test_person_fields_follow_the_roles",
        "test_pick_and_tick_by_name_store_codes",
        "test_steps_are_complete_only_when_visited_answered_and_without_findings",
    ),
    "gui/test_journeys.py": (
        "test_extradition_request_from_start_screen_to_docx_and_pdf",
        "test_mla_request_from_start_screen_to_docx_and_pdf",
    ),
    "gui/test_keyboard.py": (
        "test_no_two_controls_on_a_page_share_a_mnemonic",
        "test_tab_goes_from_the_step_list_to_the_fields_then_buttons_then_checklist",
    ),
    "gui/test_recovery.py": (
        "test_crash_recovery_is_offered_and_restores_the_answers",
        "test_new_request_and_autosave_never_touch_the_recovered_answers",
        "test_two_crashed_sessions_are_both_offered",
    ),
    "gui/test_review_sign.py": (
        "test_a_broken_audit_log_is_repaired_from_the_review_page",
        "test_review_page_follows_the_checklist_and_previews_each_language",
        "test_reviewer_comment_on_a_field_shows_in_the_checklist",
        "test_reviewer_comments_on_a_field_from_the_checklist_and_resolves_it_by_its_text",
        "test_sign_and_package_a_training_case",
        "test_sign_with_annex_files",
        "test_signing_a_draft_is_refused_in_plain_words",
        "test_submit_for_review_from_the_review_page",
        "test_verify_dialog_takes_a_zip_and_a_trusted_certificate",
    ),
    "gui/test_startup.py": (
        "test_pages_are_imported_when_the_wizard_opens",
        "test_the_first_window_imports_no_output_signing_or_page_code",
        "test_the_model_profiles_and_rules_are_imported_before_qt",
    ),
    "gui/test_window.py": (
        "test_an_examples_authority_is_never_remembered",
        "test_broken_profiles_are_named_and_no_draft_is_promised",
        "test_clicking_a_finding_inside_a_list_opens_the_item_and_focuses_its_field",
        "test_every_input_has_an_accessible_name_and_every_step_shows",
        "test_language_switch_rebuilds_the_window_and_is_remembered",
        "test_legal_basis_suggestions_follow_the_language",
        "test_profile_notes_under_a_field_follow_the_language",
        "test_removed_required_field_is_listed_and_clicking_it_focuses_the_field",
        "test_translated_step_titles_are_whole_and_findings_wrap_between_words",
    ),
    "i18n/test_catalogs.py": (
        "test_a_broken_replacement_catalog_is_reported",
        "test_check_command_passes_on_the_shipped_catalogs",
        "test_check_fails_when_the_sources_have_an_untranslated_message",
    ),
    "i18n/test_formatting.py": (
        "test_documents_name_both_states_by_their_formal_names",
    ),
    "model/test_roundtrip.py": (
        "test_loader_accepts_exactly_what_the_schema_accepts",
        "test_round_trip_of_every_assistance_type",
        "test_round_trip_with_any_subset_of_fields",
        "test_round_trip_with_every_field_present",
    ),
    "model/test_storage.py": (
        "test_examples_load_and_validate_against_published_schema",
    ),
    "profiles/test_basis_text.py": (
        "test_every_reason_of_every_pair_is_in_every_catalog",
    ),
    "render/test_build_documents.py": (
        "test_a_confidential_request_is_marked_at_the_top_and_foot_of_every_page",
    ),
    "render/test_cli_build.py": (
        "test_draft_builds_anyway_and_marks_every_page",
    ),
    "render/test_examples.py": (
        "test_covering_letter_is_one_page_in_every_language",
        "test_docx_and_pdf_carry_the_same_words_in_the_same_order",
        "test_docx_and_pdf_hold_every_field",
        "test_docx_structure_matches_the_document_model",
        "test_every_filled_field_is_in_its_section",
        "test_output_is_deterministic_for_a_fixed_clock",
    ),
    "render/test_injection.py": (
        "test_a_table_cell_longer_than_a_page_flows_over_pages",
        "test_empty_strings_everywhere_render_without_blanks",
        "test_injection_corpus_in_every_free_text_field_renders_literally",
        "test_names_in_every_script_survive_both_formats",
        "test_very_long_words_are_kept_whole",
    ),
    "render/test_templates.py": (
        "test_every_field_of_every_assistance_type_appears_when_filled",
        "test_training_case_is_marked_on_every_page_of_both_files",
    ),
    "review/test_review.py": (
        "test_a_fully_rebuilt_log_is_caught_against_its_package",
        "test_a_rolled_back_case_is_caught_against_its_package",
        "test_tampered_log_is_detected",
    ),
    "rules/test_baseline_scenarios.py": (
        "test_no_message_or_citation_repeats_itself",
    ),
    "rules/test_case_checks.py": (
        "test_build_warns_about_text_the_pdf_cannot_print",
    ),
    "rules/test_finding_text.py": (
        "test_every_finding_of_the_examples_is_translated_in_every_language",
    ),
    "scripts/test_glyph_maps.py": (
        "test_precomputed_map_matches_the_font",
    ),
    "scripts/test_golden_pages.py": (
        "test_document_comparison_catches_a_lost_tone_mark",
        "test_document_comparison_catches_a_misplaced_watermark",
        "test_document_page_matches_reviewed_image",
        "test_sample_page_matches_reviewed_image",
    ),
    "scripts/test_pdf_extraction.py": (
        "test_bold_justified_mixed_paragraphs_spanning_pages",
        "test_one_paragraph_over_several_pages",
    ),
    "scripts/test_real_documents.py": (
        "test_bilingual_tables_keep_label_words_whole",
        "test_every_example_builds_bilingual_in_every_language",
        "test_marked_document_extracts_its_body_text_in_order",
        "test_only_a_note_that_overflows_is_set_smaller",
        "test_the_extraction_check_sees_an_unhidden_watermark",
        "test_transmittal_note_is_one_page_in_every_language",
        "test_watermark_stays_inside_the_page",
    ),
    "signing/test_ca_chain.py": (
        "test_a_self_signed_signer_vouches_only_for_itself",
        "test_package_signed_under_a_ca_verifies_against_the_ca",
        "test_trusting_another_ca_fails",
    ),
    "signing/test_cli_sign.py": (
        "test_review_check_finds_a_rollback_against_the_package",
        "test_sign_then_verify",
        "test_signed_approval_is_shown_by_sign_and_verify",
        "test_verify_options_at_signing_time_and_max_size",
    ),
    "signing/test_cms.py": (
        "test_a_certificate_altered_inside_the_cms_is_caught",
        "test_a_flipped_bit_anywhere_breaks_the_signature",
    ),
    "signing/test_keys.py": (
        "test_a_thai_passphrase_key_opens_with_openssl",
        "test_ca_issued_pkcs12_loads_through_the_same_path",
        "test_cli_new_and_show",
        "test_force_overwrite_is_private_from_the_first_byte",
        "test_new_key_file_is_private_and_strongly_encrypted",
        "test_the_mac_key_derivation_is_the_one_openssl_and_cryptography_use",
    ),
    "signing/test_package.py": (
        "test_an_approved_training_case_goes_through_the_full_workflow",
        "test_annex_files_are_copied_and_listed",
        "test_annex_files_beyond_the_case_annexes_are_listed",
        "test_duplicate_entries_are_refused_even_if_the_genuine_copy_comes_last",
        "test_expired_and_not_yet_valid_certificate",
        "test_manifest_from_another_package",
        "test_missing_and_added_files",
        "test_one_byte_changed_in_any_file_is_caught",
        "test_pdf_re_signed_by_someone_else",
        "test_progress_reports_every_step_up_to_the_end",
        "test_round_trip_with_trust_anchor",
        "test_symlinks_and_comments_in_a_zip_are_problems",
        "test_symlinks_in_a_folder_are_not_followed",
        "test_training_copy_of_an_approved_real_case_does_not_sign_it",
        "test_training_signature_of_a_draft_is_marked",
        "test_zip_bomb_entries_are_never_read",
        "test_zip_entries_with_unsafe_names_are_problems",
    ),
    "signing/test_pdf_sign.py": (
        "test_a_long_printed_name_never_runs_under_the_block",
    ),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tests = Path(__file__).resolve().parent
    for item in items:
        rel = Path(str(item.path)).resolve().relative_to(tests).as_posix()
        if rel.startswith("gui/"):
            item.add_marker(pytest.mark.gui)
        name = getattr(item, "originalname", None) or item.name.split("[")[0]
        if name in SLOW.get(rel, ()):
            item.add_marker(pytest.mark.slow)


def _match_golden(path: Path, text: str) -> None:
    if os.environ.get("MLA_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path.name} missing: run with MLA_UPDATE_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        import difflib

        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            "reviewed", "now", n=1))
        pytest.fail(f"{path.name} differs (MLA_UPDATE_GOLDEN=1 after review):\n{diff[:3000]}")


@pytest.fixture
def golden_text() -> Callable[[Path, str], None]:
    """Compare a document's text with its reviewed golden file (MLA_UPDATE_GOLDEN=1 rewrites
    it, to be read as a diff before committing); fails with the first lines that differ."""
    return _match_golden
