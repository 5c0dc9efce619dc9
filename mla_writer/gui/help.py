"""Help › Guide (the journeys of drafters, reviewers and trainers) and Help › Country brief (the
requested state's legal profile in the interface language, each item with its source)."""

# lazy imports (start-up cost): gui, profiles

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import i18n
from ..i18n import _
from .steps import N_

#: (who, what the journey is for, its steps): shown translated, in this order
GUIDE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (N_("Drafting a request"), N_("For the prosecutor or investigator who writes the request."), (
        N_("File › New request…: choose the kind of request. The steps on the left follow the"
           " order of the request."),
        N_("Request and states: choose both states; the suggestions show which treaty or"
           " convention can be the legal basis. Use the one the checklist does not object to."),
        N_("Fill in each step. A field turns red only after you have worked on it; the checklist"
           " on the right lists everything still missing, with the source of each rule."),
        N_("Where the requested state expects an undertaking, “Standard wordings…” offers model"
           " texts with their source: adapt them to the case."),
        N_("Help › Country brief shows what the legal profile knows about the requested state:"
           " authorities, languages, channels and time limits."),
        N_("Review: read the preview, then submit the request for review. Produce: write the"
           " DOCX and PDF files in the languages you need."),
    )),
    (N_("Reviewing and approving"), N_("For the senior prosecutor or central authority who checks"
                                        " and approves."), (
        N_("File › Your signing key…: create a key, or choose the key file your authority gave"
           " you. Give your certificate to those who will check your approvals."),
        N_("Open the case file you received. The checklist and the Review page show what is"
           " missing or doubtful."),
        N_("Comment on a field from the checklist (right-click) or with Comment… on the Review"
           " page; Return for changes sends the request back to the drafter."),
        N_("Approve: the approval is signed with your key, after your passphrase. The drafter"
           " cannot approve their own request."),
        N_("Produce › Sign and package…: sign the PDFs and write a package anyone can verify"
           " with File › Verify a signed package…."),
    )),
    (N_("Training"), N_("For trainers and participants: practise without real data."), (
        N_("On the start screen, open one of the examples: fictional cases for each kind of"
           " request and state."),
        N_("Tick “Training material” on the first step: every page and package is then marked"
           " as training and cannot be mistaken for a request."),
        N_("Change the interface language in the Language menu: the documents keep the"
           " languages the requested state accepts."),
        N_("Switch the text size in View › Text size for a projector or a small screen."),
    )),
)


def _h(tag: str, text: str) -> str:
    """`text` escaped, in a `tag` element."""
    return f"<{tag}>{html.escape(text)}</{tag}>"


def guide_html() -> str:
    """The guide in the interface language, as the help window shows it."""
    parts = [_h("h2", _("Guide"))]
    for who, why, steps in GUIDE:
        parts.append(f"<h3>{html.escape(_(who))}</h3><p><i>{html.escape(_(why))}</i></p><ol>")
        parts += [f"<li>{html.escape(_(step))}</li>" for step in steps]
        parts.append("</ol>")
    return "".join(parts)


def brief_html(code: str, english: bool = False) -> str:
    """The country brief of the state `code` in the interface language (profiles.country_brief):
    authorities and postal address, languages, channels, key requirements, time limits,
    formalities and gaps, each with its source and status; `english` adds the English original
    under each translated profile text."""
    from ..profiles import load_registry
    from ..profiles.country_brief import brief_html as render
    from ..profiles.country_brief import country_brief

    try:
        registry = load_registry()
    except Exception as exc:  # broken profiles: say so
        return _h("p", _("The legal profiles cannot be read: %(why)s", why=exc))
    if registry.state(code) is None:
        return _h("p", _("No legal profile for %(state)s.", state=code))
    return render(country_brief(registry, code, i18n.ui_language()), english=english)


class HelpDialog(QDialog):
    """A window of formatted help text (the guide, a country brief)."""

    def __init__(self, title: str, text: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(name)
        self.browser = QTextBrowser()
        self.browser.setObjectName(name + "Text")
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(text)
        self.top = QHBoxLayout()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.top)
        lay.addWidget(self.browser, 1)
        lay.addWidget(buttons)
        self.resize(720, 560)


class BriefDialog(HelpDialog):
    """The country brief of a state with a legal profile: the requested state first."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Country brief"), "", "briefDialog", parent)
        from ..profiles import load_registry
        from .texts import state_name

        self.state = QComboBox()
        self.state.setObjectName("briefState")
        codes: list[str] = []
        try:
            codes = sorted(load_registry().states, key=lambda c: state_name(c).casefold())
        except Exception:  # broken profiles: brief_html says so
            codes = [code] if code else []
        for c in codes:
            self.state.addItem(f"{state_name(c)} ({c})", c)
        label = QLabel(_("&State:"))
        label.setBuddy(self.state)
        self.top.addWidget(label)
        self.top.addWidget(self.state, 1)
        self.state.currentIndexChanged.connect(lambda _i: self.show_state())
        self.english = QCheckBox(_("Show the &English original"))
        self.english.setObjectName("briefEnglish")
        self.english.setToolTip(_("Translations of legal text are unofficial: show the"
                                  " profile's English text under each translation."))
        self.english.toggled.connect(lambda _on: self.show_state())
        self.top.addWidget(self.english)
        index = self.state.findData(code)
        self.state.setCurrentIndex(max(index, 0))
        self.show_state()

    def show_state(self) -> None:
        self.browser.setHtml(brief_html(str(self.state.currentData() or ""),
                                        english=self.english.isChecked()))
