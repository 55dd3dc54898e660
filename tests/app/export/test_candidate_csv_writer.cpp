#include "candidate_csv_writer.h"

#include "core/errors.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace edgenas;
using core::Provenance;

namespace {

core::Candidate candidate(std::int64_t id, std::string genome, std::vector<core::Metric> metrics) {
    core::Candidate c;
    c.id = id;
    c.generation = 2;
    c.hash = "abc" + std::to_string(id);
    c.genome = std::move(genome);
    c.parents = {1, 3};
    c.metrics = std::move(metrics);
    return c;
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

/// writeCandidatesCsv: RFC 4180 quoting, exact numbers, units and provenance, errors naming the path.
class TestCandidateCsvWriter : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void writesHeaderRowsAndQuoting() {
        const std::vector<core::Candidate> candidates{
            candidate(7, "3,0,4", {{"accuracy", 0.1 + 0.2, "", Provenance::Trained},
                                   {"latency_ms", 1.25, "ms", Provenance::Modelled}}),
            candidate(8, "say \"hi\"\nthen go", {{"latency_ms", 2.0, "ms", Provenance::Table}}),
        };
        const QString path = m_dir.filePath(QStringLiteral("a.csv"));
        app::writeCandidatesCsv(path, candidates, {QStringLiteral("accuracy"), QStringLiteral("latency_ms")});
        const QByteArray expected =
            "id,generation,status,hash,genome,parents,accuracy,accuracy provenance,latency_ms [ms],"
            "latency_ms provenance\r\n"
            "7,2,evaluated,abc7,\"3,0,4\",1;3,0.30000000000000004,trained,1.25,modelled\r\n"
            "8,2,evaluated,abc8,\"say \"\"hi\"\"\nthen go\",1;3,,,2,table\r\n";
        QCOMPARE(readAll(path), expected);
    }

    void emptyColumnListMeansEveryMetricInFirstSeenOrder() {
        const std::vector<core::Candidate> candidates{
            candidate(1, "0", {{"params", 1234, "", Provenance::Counted}}),
            candidate(2, "1", {{"macs", 5e6, "MACs", Provenance::Counted}, {"params", 99, "", Provenance::Counted}}),
        };
        const QString path = m_dir.filePath(QStringLiteral("b.csv"));
        app::writeCandidatesCsv(path, candidates);
        const QList<QByteArray> lines = readAll(path).split('\n');
        QCOMPARE(lines.value(0), QByteArray("id,generation,status,hash,genome,parents,params,params provenance,"
                                            "macs [MACs],macs provenance\r"));
        QCOMPARE(lines.value(1), QByteArray("1,2,evaluated,abc1,0,1;3,1234,counted,,\r"));
        QCOMPARE(lines.value(2), QByteArray("2,2,evaluated,abc2,1,1;3,99,counted,5000000,counted\r"));
    }

    void noCandidatesGivesTheHeaderOnly() {
        const QString path = m_dir.filePath(QStringLiteral("c.csv"));
        app::writeCandidatesCsv(path, {}, {QStringLiteral("accuracy")});
        QCOMPARE(readAll(path), QByteArray("id,generation,status,hash,genome,parents,accuracy,accuracy provenance\r\n"));
    }

    void unwritablePathNamesThePath() {
        const QString path = m_dir.filePath(QStringLiteral("missing/folder/x.csv"));
        try {
            app::writeCandidatesCsv(path, {candidate(1, "0", {})});
            QFAIL("writing into a missing folder succeeded");
        } catch (const core::InputError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(path), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestCandidateCsvWriter)
#include "test_candidate_csv_writer.moc"
