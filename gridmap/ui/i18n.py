"""Chinese and English interfaces through Qt translations (.ts sources, .qm built by scripts)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from layers.messages import set_language

from .settings import settings

I18N_DIR = Path(__file__).resolve().parents[2] / "resources" / "i18n"
LANGUAGES = ("zh", "en")

_installed: list[QTranslator] = []


class Retranslating:
    """Mixin (listed before the Qt widget class) that calls ``self.retranslate()`` whenever the
    application language changes, so each widget only writes the method that sets its texts."""

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def system_language() -> str:
    """"zh" on a Chinese locale, else "en"."""
    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def preferred_language() -> str:
    """The language the user chose last, else the system's."""
    saved = settings().value("language", "")
    return saved if saved in LANGUAGES else system_language()


def qm_path(language: str) -> Path:
    return I18N_DIR / ("gridmap_zh_CN.qm" if language == "zh" else "gridmap_en.qm")


def install_language(language: str) -> bool:
    """Switch the running app to ``language``; widgets retranslate on the LanguageChange event.

    Returns False when the Chinese translation file is missing (the app then stays English).
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    ok = True
    if language == "zh":
        ours = QTranslator()
        ok = ours.load(str(qm_path("zh")))
        if ok:
            app.installTranslator(ours)
            _installed.append(ours)
        qt_own = QTranslator()
        if qt_own.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_own)
            _installed.append(qt_own)
    set_language(language if ok else "en")
    settings().setValue("language", language)
    # Installing or removing a translator posts LanguageChange to every widget; deliver it now,
    # so the switch is complete when this returns.
    from PySide6.QtCore import QEvent
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    return ok
