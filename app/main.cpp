#include "app_metatypes.h"
#include "workbench_window.h"

#include "models/torch_runtime.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

int main(int argc, char* argv[]) {
    edgenas::models::restartWithPassiveOpenMp(argv);

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("EdgeNAS"));
    QApplication::setApplicationName(QStringLiteral("edgenas-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("EdgeNAS Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(EDGENAS_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("edgenas-workbench"));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("edgenas"), QStringLiteral("_"),
                        QApplication::applicationDirPath() + QStringLiteral("/../share/edgenas/translations")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Launch, watch and steer hardware-aware architecture searches."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("database"),
                                 QApplication::translate("main", "Run database to open (optional)."),
                                 QStringLiteral("[database]"));
    const QCommandLineOption runOption(
        QStringLiteral("run"), QApplication::translate("main", "Show this run of the database in the views."),
        QApplication::translate("main", "id"));
    parser.addOption(runOption);
    const QCommandLineOption compareOption(
        QStringLiteral("compare"),
        QApplication::translate("main", "Overlay these runs of the database (comma-separated ids) on the --run one."),
        QApplication::translate("main", "ids"));
    parser.addOption(compareOption);
    parser.process(app);

    edgenas::app::registerAppMetaTypes();
    edgenas::app::WorkbenchWindow window;
    window.show();

    if (edgenas::models::usingReferenceBlas())
        QTimer::singleShot(0, &window, [&window] {
            QMessageBox::information(
                &window, QApplication::translate("main", "Slow BLAS Library"),
                QApplication::translate("main", "This machine uses the reference BLAS, which makes training about 50 "
                                                "times slower. Installing libopenblas0-pthread fixes that."));
        });

    const QStringList args = parser.positionalArguments();
    bool runOk = true;
    const qint64 runId = parser.isSet(runOption) ? parser.value(runOption).toLongLong(&runOk) : -1;
    if (!runOk || (parser.isSet(runOption) && args.isEmpty())) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(QApplication::translate("main", "--run takes a run id and a database: %1")
                                    .arg(parser.value(runOption))));
        return 2;
    }
    QList<qint64> compareIds;
    for (const QString& text : parser.value(compareOption).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        compareIds << text.trimmed().toLongLong(&ok);
        if (!ok) {
            std::fprintf(stderr, "%s\n",
                         qPrintable(QApplication::translate("main", "--compare takes run ids separated by commas: %1")
                                        .arg(parser.value(compareOption))));
            return 2;
        }
    }
    if (parser.isSet(compareOption) && runId < 0) {
        std::fprintf(stderr, "%s\n", qPrintable(QApplication::translate("main", "--compare needs --run and a database")));
        return 2;
    }
    if (!args.isEmpty()) {
        const QString path = args.first();
        QTimer::singleShot(0, &window, [&window, path, runId, compareIds] {
            QString error;
            const QString absolute = QFileInfo(path).absoluteFilePath();
            if (!window.openDatabase(absolute, &error))
                QMessageBox::warning(&window, QApplication::translate("main", "Database Not Opened"), error);
            else if (runId >= 0 && !window.showStoredRun(absolute, runId, &error))
                QMessageBox::warning(&window, QApplication::translate("main", "Run Not Shown"), error);
            else if (!compareIds.isEmpty() && !window.compareRuns(compareIds, &error))
                QMessageBox::warning(&window, QApplication::translate("main", "Runs Not Compared"), error);
        });
    }
    return app.exec();
}
