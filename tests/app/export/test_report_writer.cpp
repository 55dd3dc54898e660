#include "report_writer.h"
#include "run_report.h"

#include "core/errors.h"
#include "engine/search/draw_only_method.h"
#include "search/run_config.h"
#include "store/run_reader.h"
#include "store/run_store.h"

#include <QFile>
#include <QPainter>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace edgenas;
using core::Provenance;

namespace {

// A plot-like picture, so a broken embedding shows as a size or decoding mismatch.
QImage picture(int width, int height, QColor colour) {
    QImage image(width, height, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setPen(QPen(colour, 3));
    for (int i = 0; i < 10; ++i)
        painter.drawLine(i * width / 10, height - 1, (i + 1) * width / 10, height - 1 - i * height / 12);
    return image;
}

core::Candidate candidate(std::int64_t id, double accuracy, double latency) {
    core::Candidate c;
    c.id = id;
    c.generation = 1;
    c.hash = "hash" + std::to_string(id);
    c.genome = "1,2," + std::to_string(id);
    c.architectureJson = "{}";
    c.metrics = {{"accuracy", accuracy, "", Provenance::Trained},
                 {"latency_ms", latency, "ms", Provenance::Modelled},
                 {"params", 12345, "", Provenance::Counted}};
    return c;
}

app::RunReport sampleReport() {
    search::RunConfig config;
    config.objectives = {"accuracy", "latency"};
    app::RunReport report;
    report.runName = QStringLiteral("Sweep <nb201> & friends");
    report.method = QStringLiteral("nsga2");
    report.status = QStringLiteral("finished");
    report.startedAt = QStringLiteral("2026-11-24T01:00:00.000Z");
    report.endedAt = QStringLiteral("2026-11-24T01:20:00.000Z");
    report.configJson = QString::fromStdString(search::toJson(config));
    report.seed = 7;
    report.environment = app::currentEnvironment();
    report.objectives = {QStringLiteral("accuracy"), QStringLiteral("latency")};
    report.front = {candidate(11, 0.8125, 3.5), candidate(17, 0.875, 4.25), candidate(23, 0.75, 1.5)};
    report.candidateCount = 48;
    report.hypervolume = {{0, 12, 0.25}, {1, 24, 0.5}, {2, 48, 0.625}};
    report.paretoImage = picture(800, 500, Qt::blue);
    report.hypervolumeImage = picture(640, 300, Qt::darkGreen);
    report.provenanceLegend = app::provenanceLegend();
    return report;
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

/// The HTML and PDF run reports and building a report from the run store.
class TestReportWriter : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        // To look at the reports: EDGENAS_KEEP_TEST_OUTPUT=1 keeps the folder and prints where it is.
        if (qEnvironmentVariableIsSet("EDGENAS_KEEP_TEST_OUTPUT")) {
            m_dir.setAutoRemove(false);
            qInfo("reports kept in %s", qPrintable(m_dir.path()));
        }
    }

    void htmlHasEverySection() {
        const QString path = m_dir.filePath(QStringLiteral("report.html"));
        app::writeHtmlReport(sampleReport(), path);
        const QString html = QString::fromUtf8(readAll(path));
        QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
        QVERIFY(html.contains(QLatin1String("Sweep &lt;nb201&gt; &amp; friends")));
        QVERIFY(!html.contains(QLatin1String("Sweep <nb201>")));
        for (const char* section : {"Summary", "Pareto front", "Hypervolume over time", "Front candidates",
                                    "Provenance of the figures", "Configuration", "Environment"})
            QVERIFY2(html.contains(QLatin1String(section)), section);
        // Config JSON, escaped inside <pre>.
        QVERIFY(html.contains(QLatin1String("&quot;method&quot;: &quot;nsga2&quot;")));
        // A front row: id, generation, genome, then the metrics with their provenance.
        const QRegularExpression row(QStringLiteral(
            R"(<tr><td class="num">17</td><td class="num">1</td><td>1,2,17</td><td class="num">0[.,]875 <span class="prov">trained</span></td><td class="num">4[.,]25 <span class="prov">modelled</span></td>)"));
        QVERIFY2(row.match(html).hasMatch(), "front row of candidate 17 missing");
        QVERIFY(html.contains(QLatin1String("Latency [ms]")));
        // Best figures: highest accuracy is candidate 17, lowest latency candidate 23.
        QVERIFY(html.contains(QLatin1String("candidate 17")));
        QVERIFY(html.contains(QLatin1String("candidate 23")));
        QVERIFY(html.contains(QStringLiteral("LibTorch")));
        QVERIFY(html.contains(app::currentEnvironment().qtVersion));
        QVERIFY(html.contains(QLatin1String("@media print")));
        // Self-contained: nothing fetched from elsewhere.
        QVERIFY(!html.contains(QLatin1String("src=\"http")));
        QVERIFY(!html.contains(QLatin1String("<link")));
    }

    void htmlEmbedsThePlotsAsPng() {
        const app::RunReport report = sampleReport();
        const QString path = m_dir.filePath(QStringLiteral("images.html"));
        app::writeHtmlReport(report, path);
        const QString html = QString::fromUtf8(readAll(path));
        const QRegularExpression dataUrl(QStringLiteral("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\""));
        auto matches = dataUrl.globalMatch(html);
        QList<QImage> images;
        while (matches.hasNext())
            images.push_back(QImage::fromData(QByteArray::fromBase64(matches.next().captured(1).toLatin1()), "PNG"));
        QCOMPARE(images.size(), 2);
        QCOMPARE(images[0].size(), report.paretoImage.size());
        QCOMPARE(images[1].size(), report.hypervolumeImage.size());
        QCOMPARE(images[0].convertToFormat(QImage::Format_ARGB32), report.paretoImage);
    }

    void missingImagesAreSaidToBeMissing() {
        app::RunReport report = sampleReport();
        report.paretoImage = QImage();
        report.hypervolumeImage = QImage();
        const QString path = m_dir.filePath(QStringLiteral("noimages.html"));
        app::writeHtmlReport(report, path);
        const QString html = QString::fromUtf8(readAll(path));
        QCOMPARE(html.count(QLatin1String("No plot image was provided.")), 2);
        QVERIFY(!html.contains(QLatin1String("<img")));
    }

    void pdfIsWritten() {
        const QString path = m_dir.filePath(QStringLiteral("report.pdf"));
        app::writePdfReport(sampleReport(), path);
        const QByteArray pdf = readAll(path);
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
        // Two embedded raster images and text: far more than an empty page.
        QVERIFY2(pdf.size() > 20000, qPrintable(QString::number(pdf.size())));
        QVERIFY(pdf.contains("/Image"));
        QVERIFY(pdf.contains("/MediaBox"));
    }

    void unwritablePathsNameThePath() {
        const QString folder = m_dir.filePath(QStringLiteral("missing/folder"));
        for (const QString& name : {QStringLiteral("r.html"), QStringLiteral("r.pdf")}) {
            const QString path = folder + QLatin1Char('/') + name;
            try {
                if (name.endsWith(QLatin1String("html")))
                    app::writeHtmlReport(sampleReport(), path);
                else
                    app::writePdfReport(sampleReport(), path);
                QFAIL("writing into a missing folder succeeded");
            } catch (const core::InputError& e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains(path), e.what());
            }
            QVERIFY(!QFile::exists(path));
        }
    }

    // A method defined inside the tests, registered through the public registry, speaks in the
    // report through its descriptor; no report code names it.
    void registeredMethodSpeaksInTheReport() {
        search::MethodRegistry::global().add(search::test::drawOnlyDescriptor());
        const std::string db = m_dir.filePath(QStringLiteral("draw.sqlite")).toStdString();
        search::RunConfig config;
        config.method = "draw-only";
        config.objectives = {"accuracy", "params"};
        {
            store::RunStore writer = store::RunStore::open(db);
            const std::int64_t runId = writer.createRun(
                store::RunRecord{.name = "drawn", .method = "draw-only", .configJson = search::toJson(config)});
            store::GenerationRecord g0{.runId = runId, .generation = 0, .evaluations = 2};
            g0.stateJson = R"({"seen": ["a", "b", "c"]})";
            writer.commitGeneration(runId, g0, {candidate(-1, 0.5, 2), candidate(-1, 0.4, 3)});
        }
        const app::RunReport report = app::runReportFromStore(store::RunReader::open(db), 1);
        QVERIFY2(report.notes.contains(QStringLiteral("draw-only saw 3 networks")), qPrintable(report.notes));
    }

    void reportFromTheStore() {
        const std::string db = m_dir.filePath(QStringLiteral("runs.sqlite")).toStdString();
        search::RunConfig config;
        config.objectives = {"accuracy", "params"};
        {
            store::RunStore writer = store::RunStore::open(db);
            store::RunRecord record;
            record.name = "stored run";
            record.method = "nsga2";
            record.configJson = search::toJson(config);
            record.seed = 5;
            record.versionsJson = R"({"torch": "9.9.9"})";
            const std::int64_t runId = writer.createRun(record);
            store::GenerationRecord g0{.runId = runId, .generation = 0, .evaluations = 3, .hypervolume = 0.25};
            g0.frontCandidateIds = {store::RunStore::newCandidateRef(0), store::RunStore::newCandidateRef(2)};
            const auto ids = writer.commitGeneration(runId, g0,
                                                     {candidate(-1, 0.5, 2), candidate(-1, 0.4, 3), candidate(-1, 0.6, 4)});
            store::GenerationRecord g1{.runId = runId, .generation = 1, .evaluations = 4, .hypervolume = 0.5};
            g1.frontCandidateIds = {ids[2], store::RunStore::newCandidateRef(0)};
            writer.commitGeneration(runId, g1, {candidate(-1, 0.7, 1)});
            writer.setRunStatus(runId, "finished");
        }
        const store::RunReader reader = store::RunReader::open(db);
        const app::RunReport report = app::runReportFromStore(reader, 1);
        QCOMPARE(report.runName, QStringLiteral("stored run"));
        QCOMPARE(report.status, QStringLiteral("finished"));
        QVERIFY(!report.endedAt.isEmpty());
        QCOMPARE(report.seed, std::uint64_t(5));
        QCOMPARE(report.objectives, QStringList({QStringLiteral("accuracy"), QStringLiteral("params")}));
        QCOMPARE(report.candidateCount, std::int64_t(4));
        QCOMPARE(report.hypervolume.size(), std::size_t(2));
        QCOMPARE(report.hypervolume[1].evaluations, std::int64_t(4));
        QCOMPARE(report.hypervolume[1].hypervolume, 0.5);
        QCOMPARE(report.front.size(), std::size_t(2));
        QCOMPARE(report.front[0].metric("accuracy")->value, 0.6);
        QCOMPARE(report.front[1].metric("accuracy")->value, 0.7);
        QCOMPARE(report.environment.torchVersion, QStringLiteral("9.9.9"));
        QVERIFY(!report.environment.sqliteVersion.isEmpty());
        QCOMPARE(report.provenanceLegend.size(), std::size_t(7));

        try {
            app::runReportFromStore(reader, 99);
            QFAIL("a report for a missing run was made");
        } catch (const core::InputError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("99")), e.what());
        }
    }
};

QTEST_MAIN(TestReportWriter)
#include "test_report_writer.moc"
