"""Help → How the model works (written for users, from resources/help) and About."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from .. import __version__
from ..i18n import _, language
from ..resources import resource

LICENCES = (
    ("Qt for Python (PySide6)", "LGPL-3.0"),
    ("pyqtgraph", "MIT"),
    ("NumPy", "BSD-3-Clause"),
    ("pydantic", "MIT"),
    ("XlsxWriter", "BSD-2-Clause"),
)


# the help page in each language; English for a language without its own
HELP_PAGES = {"en": "how-the-model-works.md", "fr": "comment-fonctionne-le-modele.md"}


def model_help_markdown() -> str:
    page = resource("help", HELP_PAGES.get(language(), HELP_PAGES["en"]))
    if not page.is_file():
        page = resource("help", HELP_PAGES["en"])
    return page.read_text(encoding="utf-8")


def show_model_help(parent: QWidget) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("How the model works — Gigawatt Explorer"))
    layout = QVBoxLayout(dialog)
    browser = QTextBrowser()
    browser.setAccessibleName(_("How the model works"))
    browser.setOpenExternalLinks(True)
    browser.setMarkdown(model_help_markdown())
    layout.addWidget(browser)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(720, 760)
    dialog.show()
    return dialog


def about_html() -> str:
    rows = "".join(f"<li>{name} — {licence}</li>" for name, licence in LICENCES)
    return (
        f"<h3>Gigawatt Explorer {__version__}</h3>"
        + "<p>"
        + _("Build, check and compare scenarios of AI data-center build-outs: capex, power and GPUs.")
        + "</p><p><b>"
        + _("Sources.")
        + "</b> "
        + _(
            "Every preset lists the public statements it reproduces (File → New from preset; "
            "Inputs → Scenario and sources), and every accelerator figure in the catalog carries its source "
            "(Inputs → Accelerators). The power chain defaults follow Epoch AI's frontier data-center "
            "estimates."
        )
        + "</p><p><b>"
        + _("Licence.")
        + "</b> "
        + _("MIT. Built with:")
        + f"</p><ul>{rows}</ul>"
    )


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, _("About Gigawatt Explorer"), about_html())
