#include "workbench_actions.h"

// Its texts keep the translation context of the window they were written in first.
#include "workbench_window.h"

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
    newSearch = new QAction(QIcon::fromTheme(QStringLiteral("document-new")), WorkbenchWindow::tr("&New Search…"), window);
    newSearch->setShortcut(QKeySequence::New);
    newSearch->setStatusTip(WorkbenchWindow::tr("Set up and start a search"));

    openDatabase = new QAction(QIcon::fromTheme(QStringLiteral("document-open")), WorkbenchWindow::tr("&Open Database…"), window);
    openDatabase->setShortcut(QKeySequence::Open);
    openDatabase->setStatusTip(WorkbenchWindow::tr("List the runs of a run database"));

    pause = new QAction(window->style()->standardIcon(QStyle::SP_MediaPause), WorkbenchWindow::tr("&Pause"), window);
    pause->setShortcuts({QKeySequence(Qt::Key_Space), QKeySequence(Qt::CTRL | Qt::Key_P)});
    pause->setStatusTip(WorkbenchWindow::tr("Pause or resume the running search (after the candidate in training)"));

    stop = new QAction(window->style()->standardIcon(QStyle::SP_MediaStop), WorkbenchWindow::tr("&Stop"), window);
    stop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    stop->setStatusTip(WorkbenchWindow::tr("Stop the running search; it can be resumed later"));

    exportCandidate = new QAction(QIcon::fromTheme(QStringLiteral("document-save-as")), WorkbenchWindow::tr("&Export Candidate…"), window);
    exportCandidate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportCandidate->setStatusTip(WorkbenchWindow::tr("Save the selected candidate as architecture JSON, trained weights and TorchScript"));

    exportCsv = new QAction(WorkbenchWindow::tr("Export &Table as CSV…"), window);
    exportCsv->setStatusTip(WorkbenchWindow::tr("Save every candidate with its figures as a CSV file"));

    report = new QAction(QIcon::fromTheme(QStringLiteral("x-office-document")), WorkbenchWindow::tr("&Report…"), window);
    report->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    report->setStatusTip(WorkbenchWindow::tr("Write the shown run's report as HTML or PDF"));

    compare = new QAction(WorkbenchWindow::tr("&Compare Selected"), window);
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    compare->setStatusTip(WorkbenchWindow::tr("Compare the selected candidates side by side"));

    compareRuns = new QAction(WorkbenchWindow::tr("Compare with Selected R&uns"), window);
    compareRuns->setStatusTip(WorkbenchWindow::tr("Overlay the fronts and hypervolume curves of the runs selected in the "
                                                  "Runs panel on the shown run"));
    clearComparison = new QAction(WorkbenchWindow::tr("C&lear Run Comparison"), window);
    clearComparison->setStatusTip(WorkbenchWindow::tr("Remove the compared runs from the plots"));

    resetView = new QAction(WorkbenchWindow::tr("&Reset Plot View"), window);
    resetView->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));

    logX = new QAction(WorkbenchWindow::tr("&Logarithmic X Axis"), window);
    logX->setCheckable(true);

    quit = new QAction(WorkbenchWindow::tr("&Quit"), window);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
}

void WorkbenchActions::buildMenus(QMainWindow* window, QMenu* recentDatabases) {
    QMenuBar* bar = window->menuBar();
    QMenu* file = bar->addMenu(WorkbenchWindow::tr("&File"));
    file->addAction(newSearch);
    file->addAction(openDatabase);
    recentDatabases->setTitle(WorkbenchWindow::tr("Recent &Databases"));
    file->addMenu(recentDatabases);
    file->addSeparator();
    file->addAction(exportCandidate);
    file->addAction(exportCsv);
    file->addAction(report);
    file->addSeparator();
    file->addAction(quit);

    QMenu* run = bar->addMenu(WorkbenchWindow::tr("&Run"));
    run->addAction(pause);
    run->addAction(stop);

    QMenu* view = bar->addMenu(WorkbenchWindow::tr("&View"));
    view->addAction(compare);
    view->addAction(compareRuns);
    view->addAction(clearComparison);
    view->addAction(resetView);
    view->addAction(logX);
    view->addSeparator();
    m_panelsMenu = view->addMenu(WorkbenchWindow::tr("&Panels"));

    QMenu* help = bar->addMenu(WorkbenchWindow::tr("&Help"));
    help->addAction(WorkbenchWindow::tr("&About EdgeNAS Workbench"), window, [window] {
        QMessageBox::about(window, WorkbenchWindow::tr("About EdgeNAS Workbench"),
                           WorkbenchWindow::tr("<p><b>EdgeNAS Workbench</b> %1</p><p>Hardware-aware neural architecture search for "
                              "edge devices: launch, watch and steer searches, compare architectures, export models "
                              "and reports.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    QToolBar* tools = window->addToolBar(WorkbenchWindow::tr("Main"));
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
    pause->setText(paused ? WorkbenchWindow::tr("Res&ume") : WorkbenchWindow::tr("&Pause"));
    pause->setIcon(m_window->style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    stop->setEnabled(running);
    newSearch->setEnabled(!running);
}

} // namespace edgenas::app
