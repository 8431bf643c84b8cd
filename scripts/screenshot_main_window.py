"""Screenshot of the main window with the demo data (run under Xvfb for real window chrome).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshot_main_window.py \
        docs/images/main-window.png [--lang en] [--dialog organization|catalogue|settings]
        [--size 1366x740] [--page N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from board_app import i18n


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--lang", default="zh_CN")
    parser.add_argument("--dialog", default="")
    parser.add_argument("--row", type=int, default=1)
    parser.add_argument("--tab", type=int, default=0)
    parser.add_argument("--size", default="1560x940", help="window size, e.g. 1366x740")
    parser.add_argument("--page", type=int, default=-1, help="page tab to show (-1: items)")
    parser.add_argument(
        "--rare",
        action="store_true",
        help="add an item awaiting review with a rare name (王𠮷) to show the font fallback",
    )
    args = parser.parse_args()
    i18n.set_language(args.lang)
    app = QApplication(sys.argv)
    from board_app.demo import ensure_demo
    from board_app.services.context import open_services
    from board_app.settings import MachineSettings
    from board_app.ui.main import load_bundled_font
    from board_app.ui.main_window import MainWindow

    load_bundled_font(app)
    folder = Path(tempfile.mkdtemp())
    services = open_services(folder / "demo.sqlite3", operator="张会计")
    ensure_demo(services)
    if args.rare:
        from board_app.domain.items import Item, PublicationType

        org = services.orgs.all()[1]
        item = services.items.save(
            Item(
                title="关于王𠮷家庭临时救助的公示",
                publication_type=PublicationType.IMMEDIATE,
                organization_id=org.id,
                body="救助对象：王𠮷，一户三人。",
                responsible="钱喆",
            )
        )
        services.items.submit(item.id)
    window = MainWindow(services, MachineSettings(operator="张会计"))
    width, height = (int(x) for x in args.size.split("x"))
    window.resize(width, height)
    window.show()
    if args.page >= 0:
        window.pages.setCurrentIndex(args.page)
    else:
        window.pages.setCurrentWidget(window.items_page)
    window.items_page.table.selectRow(args.row)
    shown = []

    def grab() -> None:
        target = window
        if args.dialog:
            from board_app.ui.dialogs.catalogue_dialog import CatalogueDialog
            from board_app.ui.dialogs.organization_dialog import OrganizationDialog
            from board_app.ui.dialogs.settings_dialog import SettingsDialog

            org = services.orgs.all()[0]
            target = {
                "organization": lambda: OrganizationDialog(services, org, window),
                "catalogue": lambda: CatalogueDialog(services, org.id, window),
                "settings": lambda: SettingsDialog(services, window.settings, window),
            }[args.dialog]()
            if hasattr(target, "tabs"):
                target.tabs.setCurrentIndex(args.tab)
            target.show()
            shown.append(target)
            app.processEvents()
        QTimer.singleShot(400, lambda: (target.grab().save(args.out), app.quit()))

    QTimer.singleShot(600, grab)
    app.exec()
    window.shutdown()
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
