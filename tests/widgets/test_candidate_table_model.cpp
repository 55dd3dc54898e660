#include "widget_test_data.h"
#include "widgets/candidate_table_model.h"
#include "widgets/candidate_table_view.h"

#include "core/rng.h"

#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QtTest>

#include <cmath>

using namespace edgenas;
using namespace edgenas::widgets;
using testing::makeCandidate;

class TestCandidateTableModel : public QObject {
    Q_OBJECT
private slots:
    void columnsFollowMetricNames();
    void rolesCarryRawValuesUnitsAndProvenance();
    void resentIdReplacesItsRow();
    void sortsByMetricColumnWithAbsentValuesLast();
    void filtersByTextAndFront();
    void frontChangesSignalOnlyChangedRows();
    void selectionMapsIdsBothWays();
    void hundredThousandRowsInBatches();
};

void TestCandidateTableModel::columnsFollowMetricNames() {
    CandidateTableModel model;
    QSignalSpy columns(&model, &QAbstractItemModel::columnsInserted);
    model.appendCandidates({makeCandidate(1, 2.0, 0.8)});
    QCOMPARE(model.columnCount(), CandidateTableModel::FirstMetricColumn + 3);
    QCOMPARE(model.metricNames(), (QStringList{"accuracy", "latency_ms", "macs"}));
    core::Candidate withEnergy = makeCandidate(2, 3.0, 0.7);
    withEnergy.metrics.push_back({"energy_mj", 4.5, "mJ", core::Provenance::Modelled});
    model.appendCandidates({withEnergy});
    QCOMPARE(model.metricNames().back(), QStringLiteral("energy_mj"));
    QCOMPARE(model.columnOfMetric("energy_mj"), CandidateTableModel::FirstMetricColumn + 3);
    QCOMPARE(columns.count(), 2);
    // The earlier row has no energy: empty text, NaN for sorting.
    const QModelIndex missing = model.index(0, model.columnOfMetric("energy_mj"));
    QVERIFY(model.data(missing).toString().isEmpty());
    QVERIFY(std::isnan(model.data(missing, Qt::UserRole).toDouble()));
    // Headers say where the figures came from; a column that gains another source says so.
    const int latency = model.columnOfMetric("latency_ms");
    QCOMPARE(model.headerData(latency, Qt::Horizontal).toString(), QStringLiteral("Latency [ms] · table"));
    QCOMPARE(model.headerData(model.columnOfMetric("energy_mj"), Qt::Horizontal).toString(),
             QStringLiteral("Energy [mJ] · modelled"));
    QSignalSpy headers(&model, &QAbstractItemModel::headerDataChanged);
    core::Candidate timed = makeCandidate(3, 1.0, 0.7);
    timed.metrics[1].provenance = core::Provenance::Measured;
    model.appendCandidates({timed});
    QCOMPARE(headers.count(), 1);
    QCOMPARE(model.headerData(latency, Qt::Horizontal).toString(),
             QStringLiteral("Latency [ms] · mixed: measured, table"));
}

void TestCandidateTableModel::rolesCarryRawValuesUnitsAndProvenance() {
    CandidateTableModel model;
    model.appendCandidates({makeCandidate(7, 12.345678, 0.91, 2.5e6, 3, "injected")});
    QCOMPARE(model.data(model.index(0, CandidateTableModel::IdColumn), Qt::UserRole).toLongLong(), 7);
    QCOMPARE(model.data(model.index(0, CandidateTableModel::GenerationColumn)).toInt(), 3);
    QCOMPARE(model.data(model.index(0, CandidateTableModel::StatusColumn), Qt::UserRole).toString(),
             QStringLiteral("injected"));
    const QModelIndex latency = model.index(0, model.columnOfMetric("latency_ms"));
    QCOMPARE(model.data(latency, Qt::UserRole).toDouble(), 12.345678);
    QCOMPARE(model.data(latency).toString(), QLocale().toString(12.35, 'g', 4));
    const QString tip = model.data(latency, Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains("ms") && tip.contains("table"), qPrintable(tip));
    QVERIFY(model.data(model.index(0, model.columnOfMetric("macs")), Qt::ToolTipRole).toString().contains("counted"));
    QCOMPARE(model.candidateAt(0).genome, std::string("2,1,2"));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, model.candidateAt(1));
}

void TestCandidateTableModel::resentIdReplacesItsRow() {
    CandidateTableModel model;
    model.appendCandidates({makeCandidate(1, 2.0, 0.8), makeCandidate(2, 3.0, 0.7)});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.appendCandidates({makeCandidate(2, 5.0, 0.75)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.sortValue(1, model.columnOfMetric("latency_ms")), 5.0);
}

void TestCandidateTableModel::sortsByMetricColumnWithAbsentValuesLast() {
    CandidateTableView view;
    CandidateTableModel* model = view.model();
    core::Candidate noLatency = makeCandidate(4, 0.0, 0.5);
    noLatency.metrics.erase(noLatency.metrics.begin() + 1);
    model->appendCandidates({makeCandidate(1, 3.0, 0.8), makeCandidate(2, 1.0, 0.6), noLatency,
                             makeCandidate(3, 2.0, 0.9)});
    QSortFilterProxyModel* proxy = view.proxyModel();
    const int latency = model->columnOfMetric("latency_ms");
    auto idsInOrder = [&] {
        QList<qint64> ids;
        for (int r = 0; r < proxy->rowCount(); ++r)
            ids << proxy->data(proxy->index(r, CandidateTableModel::IdColumn), Qt::UserRole).toLongLong();
        return ids;
    };
    view.tableView()->sortByColumn(latency, Qt::AscendingOrder);
    QCOMPARE(idsInOrder(), (QList<qint64>{2, 3, 1, 4}));
    view.tableView()->sortByColumn(latency, Qt::DescendingOrder);
    QCOMPARE(idsInOrder(), (QList<qint64>{4, 1, 3, 2}));
    view.tableView()->sortByColumn(model->columnOfMetric("accuracy"), Qt::DescendingOrder);
    QCOMPARE(idsInOrder(), (QList<qint64>{3, 1, 2, 4}));
    // New rows land in sorted place.
    model->appendCandidates({makeCandidate(9, 9.0, 0.95)});
    QCOMPARE(idsInOrder().front(), 9);
}

void TestCandidateTableModel::filtersByTextAndFront() {
    CandidateTableView view;
    CandidateTableModel* model = view.model();
    std::vector<core::Candidate> batch;
    for (int id = 1; id <= 20; ++id)
        batch.push_back(makeCandidate(id, id, 0.5, 1e6, 0, id % 4 == 0 ? "failed" : "evaluated"));
    model->appendCandidates(batch);
    QSortFilterProxyModel* proxy = view.proxyModel();
    QCOMPARE(proxy->rowCount(), 20);
    view.setFilterText("FAILED");
    QCOMPARE(proxy->rowCount(), 5);
    view.setFilterText("h17");  // hash text
    QCOMPARE(proxy->rowCount(), 1);
    view.setFilterText(QString());
    model->setFrontIds({3, 5, 11});
    view.setOnlyFront(true);
    QCOMPARE(proxy->rowCount(), 3);
    // The front moves while "only front" is on: the proxy follows.
    model->setFrontIds({3, 12});
    QCOMPARE(proxy->rowCount(), 2);
    view.setFilterText("12");
    QCOMPARE(proxy->rowCount(), 1);
    view.setFilterText("h1");
    QCOMPARE(proxy->rowCount(), 1);  // of the front {3, 12} only 12 has hash "h1..."
    view.setOnlyFront(false);
    QCOMPARE(proxy->rowCount(), 11);  // hashes h1, h10 .. h19
}

void TestCandidateTableModel::frontChangesSignalOnlyChangedRows() {
    CandidateTableModel model;
    std::vector<core::Candidate> batch;
    for (int id = 0; id < 100; ++id)
        batch.push_back(makeCandidate(id, id, 0.5));
    model.appendCandidates(batch);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setFrontIds({10, 11, 12, 50});
    QCOMPARE(changed.count(), 2);  // rows 10..12 and 50
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 10);
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 12);
    changed.clear();
    model.setFrontIds({10, 11, 12, 50});
    QCOMPARE(changed.count(), 0);
    model.setFrontIds({11, 12, 50, 60});
    QCOMPARE(changed.count(), 2);  // 10 leaves, 60 joins
    QVERIFY(!model.isFront(10));
    QVERIFY(model.isFront(60));
    QCOMPARE(model.data(model.index(60, CandidateTableModel::FrontColumn), Qt::UserRole).toInt(), 1);
}

void TestCandidateTableModel::selectionMapsIdsBothWays() {
    CandidateTableView view;
    std::vector<core::Candidate> batch;
    for (int id = 100; id < 130; ++id)
        batch.push_back(makeCandidate(id, 130 - id, 0.5));
    view.model()->appendCandidates(batch);
    view.tableView()->sortByColumn(view.model()->columnOfMetric("latency_ms"), Qt::AscendingOrder);
    QSignalSpy spy(&view, &CandidateTableView::selectionChanged);
    view.setSelectedIds({105, 106, 120, 999});
    QCOMPARE(spy.count(), 0);  // programmatic: no echo
    QCOMPARE(view.selectedIds(), (QList<qint64>{105, 106, 120}));
    // A user selection in the view is reported with candidate ids.
    QTableView* table = view.tableView();
    table->selectRow(0);  // lowest latency: id 129
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).value<QList<qint64>>(), (QList<qint64>{129}));
    QSignalSpy activated(&view, &CandidateTableView::candidateActivated);
    emit table->activated(view.proxyModel()->index(1, 0));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toLongLong(), 128);
}

void TestCandidateTableModel::hundredThousandRowsInBatches() {
    CandidateTableView view;
    CandidateTableModel* model = view.model();
    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    core::Rng rng(11);
    constexpr int kRows = 100000;
    constexpr int kBatch = 2000;
    for (int first = 0; first < kRows; first += kBatch) {
        // Sorted by latency from the moment the column exists: later batches land in place.
        if (first == kBatch)
            view.tableView()->sortByColumn(model->columnOfMetric("latency_ms"), Qt::AscendingOrder);
        std::vector<core::Candidate> batch;
        batch.reserve(kBatch);
        for (int i = first; i < first + kBatch; ++i)
            batch.push_back(makeCandidate(1000 + i, 0.5 + 20.0 * rng.uniformReal(), rng.uniformReal(), 1e6, i / 500));
        model->appendCandidates(batch);
    }
    QCOMPARE(model->rowCount(), kRows);
    QCOMPARE(inserted.count(), kRows / kBatch);
    QCOMPARE(model->rowOfId(1000), 0);
    QCOMPARE(model->rowOfId(1000 + 76543), 76543);
    QCOMPARE(model->rowOfId(5), -1);
    QCOMPARE(model->candidateAt(model->rowOfId(1000 + 4242)).id, 1000 + 4242);

    // The proxy is sorted by latency the whole time; sort again by accuracy and check order.
    QSortFilterProxyModel* proxy = view.proxyModel();
    QCOMPARE(proxy->rowCount(), kRows);
    const int latency = model->columnOfMetric("latency_ms");
    double previous = -1.0;
    for (int r = 0; r < kRows; r += 997) {
        const double v = proxy->data(proxy->index(r, latency), Qt::UserRole).toDouble();
        QVERIFY(v >= previous);
        previous = v;
    }
    const int accuracy = model->columnOfMetric("accuracy");
    view.tableView()->sortByColumn(accuracy, Qt::DescendingOrder);
    previous = 2.0;
    for (int r = 0; r < kRows; ++r) {
        const double v = model->sortValue(proxy->mapToSource(proxy->index(r, 0)).row(), accuracy);
        QVERIFY(v <= previous);
        previous = v;
    }
    view.setFilterText("h77777");
    QCOMPARE(proxy->rowCount(), 1);
}

QTEST_MAIN(TestCandidateTableModel)
#include "test_candidate_table_model.moc"
