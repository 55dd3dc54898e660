#include "workbench_actions.h"

#include <QAction>
#include <QApplication>
#include <QKeySequence>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStyle>
#include <QToolBar>

namespace edgenas::app {

WorkbenchActions::WorkbenchActions(QMainWindow* window) : QObject(window), m_window(window) {
    newSearch = new QAction(QIcon::fromTheme(QStringLiteral("document-new")), tr("&New Search…"), window);
    newSearch->setShortcut(QKeySequence::New);
    newSearch->setStatusTip(tr("Set up and start a search"));

    openDatabase = new QAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open Database…"), window);
    openDatabase->setShortcut(QKeySequence::Open);
    openDatabase->setStatusTip(tr("List the runs of a run database"));

    pause = new QAction(window->style()->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), window);
    pause->setShortcuts({QKeySequence(Qt::Key_Space), QKeySequence(Qt::CTRL | Qt::Key_P)});
    pause->setStatusTip(tr("Pause or resume the running search (after the candidate in training)"));

    stop = new QAction(window->style()->standardIcon(QStyle::SP_MediaStop), tr("&Stop"), window);
    stop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    stop->setStatusTip(tr("Stop the running search; it can be resumed later"));

    exportCandidate = new QAction(QIcon::fromTheme(QStringLiteral("document-save-as")), tr("&Export Candidate…"), window);
    exportCandidate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportCandidate->setStatusTip(tr("Save the selected candidate as architecture JSON, trained weights and TorchScript"));

    exportCsv = new QAction(tr("Export &Table as CSV…"), window);
    exportCsv->setStatusTip(tr("Save every candidate with its figures as a CSV file"));

    report = new QAction(QIcon::fromTheme(QStringLiteral("x-office-document")), tr("&Report…"), window);
    report->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    report->setStatusTip(tr("Write the shown run's report as HTML or PDF"));

    compare = new QAction(tr("&Compare Selected"), window);
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    compare->setStatusTip(tr("Compare the selected candidates side by side"));

    resetView = new QAction(tr("&Reset Plot View"), window);
    resetView->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));

    logX = new QAction(tr("&Logarithmic X Axis"), window);
    logX->setCheckable(true);

    quit = new QAction(tr("&Quit"), window);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
}

void WorkbenchActions::buildMenus(QMainWindow* window, QMenu* recentDatabases) {
    QMenuBar* bar = window->menuBar();
    QMenu* file = bar->addMenu(tr("&File"));
    file->addAction(newSearch);
    file->addAction(openDatabase);
    recentDatabases->setTitle(tr("Recent &Databases"));
    file->addMenu(recentDatabases);
    file->addSeparator();
    file->addAction(exportCandidate);
    file->addAction(exportCsv);
    file->addAction(report);
    file->addSeparator();
    file->addAction(quit);

    QMenu* run = bar->addMenu(tr("&Run"));
    run->addAction(pause);
    run->addAction(stop);

    QMenu* view = bar->addMenu(tr("&View"));
    view->addAction(compare);
    view->addAction(resetView);
    view->addAction(logX);
    view->addSeparator();
    m_panelsMenu = view->addMenu(tr("&Panels"));

    QMenu* help = bar->addMenu(tr("&Help"));
    help->addAction(tr("&About EdgeNAS Workbench"), window, [window] {
        QMessageBox::about(window, tr("About EdgeNAS Workbench"),
                           tr("<p><b>EdgeNAS Workbench</b> %1</p><p>Hardware-aware neural architecture search for "
                              "edge devices: launch, watch and steer searches, compare architectures, export models "
                              "and reports.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    QToolBar* tools = window->addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->addAction(newSearch);
    tools->addAction(openDatabase);
    tools->addSeparator();
    tools->addAction(pause);
    tools->addAction(stop);
    tools->addSeparator();
    tools->addAction(exportCandidate);
    tools->addAction(report);
    tools->addAction(compare);
}

void WorkbenchActions::showRunState(bool running, bool paused) {
    pause->setEnabled(running);
    pause->setText(paused ? tr("Res&ume") : tr("&Pause"));
    pause->setIcon(m_window->style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    stop->setEnabled(running);
    newSearch->setEnabled(!running);
}

} // namespace edgenas::app
