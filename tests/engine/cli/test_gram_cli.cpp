#include "cli_process.h"
#include "require_data.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest/QtTest>

// GRAM through the command line as a user runs it: a tiny search that reports its family, and
// the experiment, which must reuse its finished runs when run again.
class TestGramCli : public QObject {
    Q_OBJECT

    using Result = edgenas::cli::test::CliResult;
    static Result run(const QStringList& arguments) { return edgenas::cli::test::runEdgenas(arguments); }

    // The smallest networks and trainings that still exercise every step.
    static QStringList tiny() {
        return {"--threads", "2", "--nodes", "3", "--channels", "2", "--subset", "200"};
    }

    static int runCount(const QString& db) {
        const Result runs = run({"runs", "--db", db, "--json"});
        return QJsonDocument::fromJson(runs.out).array().size();
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (!QFile::exists(QStringLiteral(EDGENAS_FASHION_MNIST_DIR "/train-images-idx3-ubyte.gz")) &&
            !QFile::exists(QStringLiteral(EDGENAS_FASHION_MNIST_DIR "/train-images-idx3-ubyte")))
            EDGENAS_SKIP_OR_FAIL("Fashion-MNIST is not installed (dataset-fashion-mnist): GRAM trains its networks");
    }

    void searchReportsItsFamily() {
        const QString db = m_dir.filePath("gram.sqlite");
        const Result r = run(QStringList{"search", "--method", "gram", "--db", db, "--budget", "10", "--validation-subset",
                                         "100", "--settings", R"({"variants": 2, "max_sweeps": 2})"} +
                             tiny());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("gram: 2 sweeps; stopped: sweep limit (2) reached") ||
                     r.out.contains("stopped: evaluation budget spent"),
                 r.out.constData());
        QVERIFY2(r.out.contains("accuracy density = test top-1"), r.out.constData());
        QVERIFY2(r.out.contains("   25 %"), r.out.constData());

        // `show` gives the method's report as the search did when it ended.
        const Result shown = run({"show", "1", "--db", db});
        QVERIFY2(shown.exitCode == 0, shown.err.constData());
        int reportLines = 0;
        for (const QByteArray& line : r.out.split('\n'))
            if (line.startsWith("gram: ")) {
                ++reportLines;
                QVERIFY2(shown.out.contains(line + '\n'), shown.out.constData());
            }
        QVERIFY2(reportLines >= 3, r.out.constData());  // sweeps, most probable graph, family
    }

    void experimentResumesFromItsRuns() {
        const QString db = m_dir.filePath("experiment.sqlite");
        const QStringList arguments = QStringList{"gram-experiment", "--db", db, "--seeds", "1", "--budget", "8",
                                                  "--methods", "gram,random", "--cache", m_dir.filePath("cache"),
                                                  "--settings", R"({"variants": 2, "max_sweeps": 2})"} +
                                      tiny();
        const Result report = run({"gram-experiment", "--db", db, "--report", "--budget", "8"});
        // Nothing stored yet: said, and no file made.
        QVERIFY2(report.exitCode == 0 && report.out.contains("runs still missing"), report.err.constData());
        QVERIFY(!QFile::exists(db));

        const Result first = run(arguments);
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QVERIFY2(first.out.contains("  gram         1") && first.out.contains("  random       1"), first.out.constData());
        QVERIFY2(first.out.contains("pruned family vs the most probable graph made narrower"), first.out.constData());
        QCOMPARE(runCount(db), 2);

        // Again: the finished runs and the cached width results are reused, so the figures repeat.
        const Result again = run(arguments);
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QCOMPARE(runCount(db), 2);
        QCOMPARE(again.out, first.out);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestGramCli)
#include "test_gram_cli.moc"
