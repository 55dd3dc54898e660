#include "cli_process.h"
#include "require_data.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest/QtTest>

// A run database written by schema version 4 (tests/data/store/v4/README.md): read as it is, then
// upgraded by a writer, it shows exactly what it showed when it was written, and its unfinished
// run resumes to the end.
class TestV4Database : public QObject {
    Q_OBJECT

    using Result = edgenas::cli::test::CliResult;
    static Result run(const QStringList& arguments) { return edgenas::cli::test::runEdgenas(arguments); }

    static QByteArray golden(const QString& name) {
        QFile file(QStringLiteral(EDGENAS_TEST_DATA_DIR "/store/v4/") + name);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("missing golden file %s", qPrintable(file.fileName()));
        return file.readAll();
    }

    static QByteArray digestOf(const QString& path) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
    }

    void showsWhatItShowedBefore(const QString& db, const QString& when) {
        for (int runId : {1, 2}) {
            const Result shown = run({"show", QString::number(runId), "--db", db, "--json"});
            QVERIFY2(shown.exitCode == 0, shown.err.constData());
            QVERIFY2(shown.out == golden(QStringLiteral("show-run%1.json").arg(runId)),
                     qPrintable(when + ": run " + QString::number(runId) + " shows\n" + shown.out));
        }
        const Result runs = run({"runs", "--db", db, "--json"});
        QVERIFY2(runs.exitCode == 0, runs.err.constData());
        QVERIFY2(runs.out == golden(QStringLiteral("runs.json")), qPrintable(when + ": runs shows\n" + runs.out));
    }

private slots:
    void readsUpgradesAndResumes() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("runs-v4.sqlite"));
        QVERIFY(QFile::copy(QStringLiteral(EDGENAS_TEST_DATA_DIR "/store/v4/runs-v4.sqlite"), db));
        QFile::setPermissions(db, QFile::ReadOwner | QFile::WriteOwner);

        // Read as it is: upgraded in memory only, the file untouched.
        const QByteArray before = digestOf(db);
        showsWhatItShowedBefore(db, QStringLiteral("read as version 4"));
        QCOMPARE(digestOf(db), before);

        // The unfinished run resumes; the writer upgrades the file first.
        if (!QFile::exists(QStringLiteral(EDGENAS_FASHION_MNIST_DIR "/train-images-idx3-ubyte.gz")) &&
            !QFile::exists(QStringLiteral(EDGENAS_FASHION_MNIST_DIR "/train-images-idx3-ubyte")))
            EDGENAS_SKIP_OR_FAIL("Fashion-MNIST is not installed (dataset-fashion-mnist): cannot resume the v4 run");
        const Result resumed = run({"search", "--resume", "2", "--db", db, "--threads", "2"});
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QVERIFY2(resumed.out.contains("run 2 finished: 12 evaluations"), resumed.out.constData());
        QVERIFY(digestOf(db) != before);

        // Run 1 is untouched by the upgrade and the resume.
        const Result shown = run({"show", "1", "--db", db, "--json"});
        QVERIFY2(shown.exitCode == 0, shown.err.constData());
        QCOMPARE(shown.out, golden(QStringLiteral("show-run1.json")));
    }
};

QTEST_GUILESS_MAIN(TestV4Database)
#include "test_v4_database.moc"
