#include "search/front_table.h"

#include <QtTest>

using namespace edgenas;
using core::Provenance;

// The CLI's front table (search, show) names each objective's provenance, so a modelled energy
// never reads as a measured one.
class TestFrontTable : public QObject {
    Q_OBJECT
private slots:
    void headersCarryProvenance();
};

void TestFrontTable::headersCarryProvenance() {
    core::Candidate a;
    a.id = 1;
    a.metrics = {{"energy_mj", 1.5, "mJ", Provenance::Modelled}, {"latency_ms", 2.0, "ms", Provenance::Measured},
                 {"accuracy", 0.5, "", Provenance::Trained}};
    core::Candidate b = a;
    b.id = 2;
    b.metrics[1].provenance = Provenance::Table;
    const QString text = QString::fromStdString(search::formatFrontTable({a, b}, {"accuracy", "energy", "latency"}));
    QVERIFY2(text.contains("accuracy (trained)"), qPrintable(text));
    QVERIFY2(text.contains("energy (modelled)"), qPrintable(text));
    QVERIFY2(text.contains("latency (mixed)"), qPrintable(text));
    QVERIFY2(text.contains("1.5 mJ"), qPrintable(text));
    // A front without figures has bare headers.
    QVERIFY(QString::fromStdString(search::formatFrontTable({}, {"energy"})).contains(" energy  genome"));
}

QTEST_APPLESS_MAIN(TestFrontTable)
#include "test_front_table.moc"
