#include "widgets/architecture_compare_view.h"

#include "core/architecture_json.h"

#include <QCheckBox>
#include <QLabel>
#include <QTableWidget>
#include <QtTest>

using namespace edgenas;
using namespace edgenas::widgets;

namespace {

// input -> conv(k, c1) -> conv(k2, 8) -> relu -> gap -> linear(10)
core::Candidate network(std::int64_t id, int firstChannels, int secondKernel, double latency, double accuracy,
                        bool extraLayer = false) {
    core::Architecture a;
    a.add({.op = core::OpType::Input});
    a.add({.op = core::OpType::Conv, .inputs = {0}, .outChannels = firstChannels, .kernel = 3, .padding = 1});
    a.add({.op = core::OpType::Conv, .inputs = {1}, .outChannels = 8, .kernel = secondKernel,
           .padding = secondKernel / 2});
    a.add({.op = core::OpType::Activation, .inputs = {2}, .activation = core::ActivationType::ReLU});
    a.add({.op = core::OpType::GlobalAvgPool, .inputs = {3}});
    a.add({.op = core::OpType::Linear, .inputs = {4}, .outChannels = 10});
    if (extraLayer)
        a.add({.op = core::OpType::Linear, .inputs = {5}, .outChannels = 10});
    core::Candidate c;
    c.id = id;
    c.architectureJson = core::toJson(a);
    c.metrics = {{"accuracy", accuracy, "", core::Provenance::Trained},
                 {"latency_ms", latency, "ms", core::Provenance::Measured}};
    return c;
}

bool isBold(QTableWidget* table, int row, int column) { return table->item(row, column)->font().bold(); }

} // namespace

class TestArchitectureCompareView : public QObject {
    Q_OBJECT
private slots:
    void identicalNetworksDifferNowhere();
    void differingLayersAreCounted();
    void bestMetricPerRowIsBold();
    void fewerThanTwoShowsAHint();
    void unparsableCandidateIsNamed();
};

void TestArchitectureCompareView::identicalNetworksDifferNowhere() {
    ArchitectureCompareView view;
    view.setCandidates({network(1, 8, 3, 1.0, 0.8), network(2, 8, 3, 1.1, 0.7)});
    QCOMPARE(view.layerCount(), 6);
    QCOMPARE(view.differingLayerCount(), 0);
}

void TestArchitectureCompareView::differingLayersAreCounted() {
    ArchitectureCompareView view;
    // Layer 2's kernel differs; nothing else (the shapes stay the same).
    view.setCandidates({network(1, 8, 3, 1.0, 0.8), network(2, 8, 5, 1.2, 0.82)});
    QCOMPARE(view.differingLayerCount(), 1);
    QTableWidget* layers = view.layerTable();
    QVERIFY(layers->item(2, 1)->font().bold());
    QVERIFY(!layers->item(1, 1)->font().bold());
    QVERIFY(layers->item(2, 0)->background().style() != Qt::NoBrush);
    QVERIFY(layers->item(1, 0)->background().style() == Qt::NoBrush);
    // A third candidate with a wider first layer: layer 1 differs in channels (and shape).
    view.setCandidates({network(1, 8, 3, 1.0, 0.8), network(2, 8, 5, 1.2, 0.82), network(3, 16, 3, 1.5, 0.85)});
    QCOMPARE(view.differingLayerCount(), 2);
    // An extra layer at the end is a difference too.
    view.setCandidates({network(1, 8, 3, 1.0, 0.8), network(4, 8, 3, 1.0, 0.8, true)});
    QCOMPARE(view.layerCount(), 7);
    QCOMPARE(view.differingLayerCount(), 1);
    QCOMPARE(layers->item(6, 0)->text(), QStringLiteral("–"));
    // "Only differing layers" hides the others.
    view.findChild<QCheckBox*>()->setChecked(true);
    int visible = 0;
    for (int r = 0; r < layers->rowCount(); ++r)
        visible += layers->isRowHidden(r) ? 0 : 1;
    QCOMPARE(visible, 1);
}

void TestArchitectureCompareView::bestMetricPerRowIsBold() {
    ArchitectureCompareView view;
    view.setCandidates({network(1, 8, 3, 2.0, 0.80), network(2, 8, 5, 1.0, 0.70), network(3, 8, 5, 3.0, 0.90)});
    QTableWidget* metrics = view.metricsTable();
    QCOMPARE(metrics->rowCount(), 2);
    QCOMPARE(metrics->columnCount(), 3);
    // Row 0 accuracy (maximised): candidate 3; row 1 latency (minimised): candidate 2.
    QVERIFY(isBold(metrics, 0, 2));
    QVERIFY(!isBold(metrics, 0, 0) && !isBold(metrics, 0, 1));
    QVERIFY(isBold(metrics, 1, 1));
    QVERIFY(!isBold(metrics, 1, 0) && !isBold(metrics, 1, 2));
    QVERIFY(metrics->item(1, 1)->toolTip().contains("measured"));
}

void TestArchitectureCompareView::fewerThanTwoShowsAHint() {
    ArchitectureCompareView view;
    view.setCandidates({network(1, 8, 3, 2.0, 0.8)});
    QCOMPARE(view.layerCount(), 0);
    QCOMPARE(view.differingLayerCount(), 0);
}

void TestArchitectureCompareView::unparsableCandidateIsNamed() {
    ArchitectureCompareView view;
    core::Candidate broken = network(5, 8, 3, 1.0, 0.5);
    broken.architectureJson.resize(broken.architectureJson.size() / 2);  // a truncated file
    view.setCandidates({network(1, 8, 3, 2.0, 0.8), broken});
    bool named = false;
    for (QLabel* label : view.findChildren<QLabel*>())
        named = named || label->text().contains("candidate 5");
    QVERIFY(named);
    QCOMPARE(view.layerCount(), 6);
    QCOMPARE(view.differingLayerCount(), 6);  // every layer is missing on one side
}

QTEST_MAIN(TestArchitectureCompareView)
#include "test_architecture_compare_view.moc"
