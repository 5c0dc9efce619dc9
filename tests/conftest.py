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
    "cli/test_build_fork_early.py": (
        "test_the_pdf_process_is_forked_before_the_request_model_is_imported",
    ),
    "cli/test_command_imports.py": (
        "test_build_loads_no_babel_locale_data_once_its_tables_are_cached",
        "test_check_loads_no_babel_locale_data_once_its_tables_are_cached",
    ),
    "cli/test_contract.py": (
        "test_a_tampered_review_blocks_check_and_build_alike",
        "test_source_date_epoch_makes_builds_byte_identical",
    ),
    "cli/test_lazy_parser.py": (
        "test_the_process_entry_keeps_exit_codes_and_output",
    ),
    "gui/test_annex_files.py": (
        "test_the_sign_dialog_lists_the_files_and_signs_them",
    ),
    "gui/test_drafting_journeys.py": (
        "test_a_request_drafted_in_the_states_own_language",
    ),
    "gui/test_follow.py": (
        "test_a_produce_error_is_said_in_plain_words",
        "test_person_fields_follow_the_roles",
        "test_pick_and_tick_by_name_store_codes",
        "test_steps_are_complete_only_when_visited_answered_and_without_findings",
    ),
    "gui/test_help.py": (
        "test_the_country_brief_of_the_requested_state",
    ),
    "gui/test_journeys.py": (
        "test_extradition_request_from_start_screen_to_docx_and_pdf",
        "test_mla_request_from_start_screen_to_docx_and_pdf",
    ),
    "gui/test_keyboard.py": (
        "test_no_two_controls_on_a_page_share_a_mnemonic",
        "test_tab_goes_from_the_step_list_to_the_fields_then_buttons_then_checklist",
    ),
    "gui/test_load_later.py": (
        "test_the_smoke_run_closes_after_the_load",
        "test_the_start_screen_shows_first_and_the_menus_wait_for_the_load",
    ),
    "gui/test_quiet.py": (
        "test_a_change_that_affects_nothing_asks_nothing",
        "test_a_new_request_shows_no_red_field_before_a_field_is_visited",
        "test_a_state_change_that_invalidates_the_basis_asks_first",
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
    "gui/test_reviewer.py": (
        "test_approve_with_ones_key_from_the_review_page",
        "test_choose_an_existing_key_file",
        "test_create_a_key_in_the_application",
        "test_the_drafters_own_key_cannot_approve",
    ),
    "gui/test_startup.py": (
        "test_fonts_the_start_screen_needs_come_before_its_paint_the_others_once_loaded",
        "test_pages_are_imported_when_the_wizard_opens",
        "test_the_first_window_imports_no_output_signing_or_page_code",
        "test_the_model_profiles_and_rules_are_imported_before_qt",
        "test_the_start_screen_is_painted_before_the_model_profiles_and_rules_load",
    ),
    "gui/test_viewmodel.py": (
        "test_a_burst_of_edits_is_checked_once_after_it_and_shows_the_last_edit",
    ),
    "gui/test_wheel.py": (
        "test_a_wheel_over_every_input_of_every_step_changes_nothing",
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
        "test_templates_match_the_sources",
    ),
    "i18n/test_formatting.py": (
        "test_documents_name_both_states_by_their_formal_names",
    ),
    "model/test_fuzz.py": (
        "test_case_files_with_hostile_text_build",
        "test_fuzzed_case_files_crash_nothing",
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
    "register/test_casecrypt.py": (
        "test_every_flipped_byte_is_detected",
    ),
    "render/test_build_documents.py": (
        "test_a_confidential_request_is_marked_at_the_top_and_foot_of_every_page",
    ),
    "render/test_build_forked.py": (
        "test_a_failing_child_leaves_the_pdfs_to_the_parent",
        "test_a_failing_pdf_process_leaves_the_pdfs_to_the_parent",
        "test_the_documents_handed_over_before_the_check_make_the_same_files",
        "test_the_forked_build_writes_what_one_process_writes",
        "test_the_pdf_process_started_first_writes_what_one_process_writes",
    ),
    "render/test_cli_build.py": (
        "test_draft_builds_anyway_and_marks_every_page",
    ),
    "render/test_docx_portable.py": (
        "test_chinese_gets_a_subset_that_has_every_character",
        "test_the_chinese_subset_is_the_same_bytes_every_time",
        "test_the_marking_is_a_watermark_as_in_the_pdf",
    ),
    "render/test_examples.py": (
        "test_covering_letter_is_one_page_in_every_language",
        "test_docx_and_pdf_carry_the_same_words_in_the_same_order",
        "test_docx_and_pdf_hold_every_field",
        "test_docx_structure_matches_the_document_model",
        "test_every_filled_field_is_in_its_section",
        "test_output_is_deterministic_for_a_fixed_clock",
        "test_pdf_pages_show_reference_and_page_x_of_y",
    ),
    "render/test_injection.py": (
        "test_a_table_cell_longer_than_a_page_flows_over_pages",
        "test_empty_strings_everywhere_render_without_blanks",
        "test_injection_corpus_in_every_free_text_field_renders_literally",
        "test_names_in_every_script_survive_both_formats",
        "test_very_long_words_are_kept_whole",
    ),
    "render/test_line_breaking.py": (
        "test_line_breaking_equals_reportlabs",
    ),
    "render/test_pdf_warm_up.py": (
        "test_pdfs_after_a_warm_up_are_the_same_bytes",
        "test_the_sample_gives_no_glyph_a_private_code",
    ),
    "render/test_templates.py": (
        "test_every_field_of_every_assistance_type_appears_when_filled",
        "test_training_case_is_marked_on_every_page_of_both_files",
    ),
    "review/test_identities_cache.py": (
        "test_a_damaged_entry_is_built_again",
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
    "scripts/test_pdf_font_metrics.py": (
        "test_the_example_request_gives_back_all_its_script_text",
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
    "signing/test_annex_files.py": (
        "test_attach_sign_verify_round_trip",
        "test_cli_annex_attach_sign_verify",
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
    "signing/test_forked.py": (
        "test_a_failing_child_falls_back_to_rendering_here",
        "test_a_package_laid_out_for_the_remembered_signer",
        "test_a_stale_remembered_signer_is_rendered_again",
        "test_all_reports_come_as_each_child_reports",
        "test_forked_package_is_the_same_valid_package",
        "test_renderers_share_the_files_each_written_once",
        "test_the_remembered_signer_gives_the_keys_own_field",
    ),
    "signing/test_hardening.py": (
        "test_a_key_written_with_the_raw_form_by_an_earlier_version_still_opens",
        "test_a_passphrase_typed_in_another_unicode_form_opens_the_key",
    ),
    "signing/test_independent.py": (
        "test_nss_trusts_the_certificate_once_imported",
    ),
    "signing/test_key_layout.py": (
        "test_a_certificate_that_is_not_the_keys_is_refused",
        "test_a_key_file_of_the_older_layout_still_loads",
        "test_keys_import_writes_the_new_layout",
        "test_nothing_is_read_in_clear_from_an_older_or_a_foreign_file",
        "test_only_the_key_is_encrypted_and_the_mac_stays_strong",
        "test_openssl_reads_it_with_the_passphrase_and_refuses_a_wrong_one",
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
        "test_rsa_key_signs_with_pkcs1_and_validates",
    ),
    "test_architecture.py": (
        "test_no_eval_exec_or_pickle",
        "test_qt_is_imported_only_in_the_gui_package",
    ),
    "training/test_readme_journey.py": (
        "test_the_readme_trainers_journey",
    ),
    "training/test_training_keys.py": (
        "test_a_training_exercise_signs_with_a_training_key_only",
        "test_keys_new_training_marks_the_certificate",
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
